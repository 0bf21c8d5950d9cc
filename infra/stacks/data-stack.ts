import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { ReportsTable } from "../constructs/reports-table.js";

/** What must outlive every deployment: the reports table. */
export class DataStack extends Stack {
  readonly table: ReportsTable;

  constructor(scope: Construct, id: string, props: StackProps & { production: boolean }) {
    super(scope, id, props);
    this.table = new ReportsTable(this, "Reports", { production: props.production });
    // Read by `npm run smoke`, which follows its test report's case in the table.
    new CfnOutput(this, "TableName", { description: "The reports table", value: this.table.tableName });
  }
}

import { Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { ReportsTable } from "../constructs/reports-table.js";

/** What must outlive every deployment: the reports table. */
export class DataStack extends Stack {
  readonly table: ReportsTable;

  constructor(scope: Construct, id: string, props: StackProps & { production: boolean }) {
    super(scope, id, props);
    this.table = new ReportsTable(this, "Reports", { production: props.production });
  }
}

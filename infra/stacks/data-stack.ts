import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { LinkKeySecret } from "../constructs/link-key-secret.js";
import { ReportsTable } from "../constructs/reports-table.js";

/** What must outlive every deployment: the reports table, and the keys of links already emailed. */
export class DataStack extends Stack {
  readonly table: ReportsTable;
  readonly linkKeySecret: LinkKeySecret;

  constructor(scope: Construct, id: string, props: StackProps & { production: boolean }) {
    super(scope, id, props);
    this.table = new ReportsTable(this, "Reports", { production: props.production });
    // Read by `npm run smoke`, which follows its test report's case in the table.
    new CfnOutput(this, "TableName", { description: "The reports table", value: this.table.tableName });
    this.linkKeySecret = new LinkKeySecret(this, "LinkKeys");
    // The secret `npm run rotate-link-key` rotates (its CLERK_LINK_SECRET_ID).
    new CfnOutput(this, "LinkKeySecretName", {
      description:
        "The key ring clerks' links are signed with: CLERK_LINK_SECRET_ID for npm run rotate-link-key",
      value: this.linkKeySecret.name,
    });
  }
}

import { RemovalPolicy } from "aws-cdk-lib";
import { AttributeType, BillingMode, Table, TableEncryption } from "aws-cdk-lib/aws-dynamodb";
import type { Construct } from "constructs";
import { reportsTable } from "../../functions/adapters/dynamodb/table-definition.js";

/** Cases, timelines and (later) caches: keys and indexes from the definition the local stack uses. */
export class ReportsTable extends Table {
  constructor(scope: Construct, id: string, props: { production: boolean }) {
    super(scope, id, {
      partitionKey: { name: reportsTable.partitionKey, type: AttributeType.STRING },
      sortKey: { name: reportsTable.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: reportsTable.timeToLiveAttribute,
      deletionProtection: props.production,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    for (const [indexName, index] of Object.entries(reportsTable.indexes)) {
      this.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }
  }
}

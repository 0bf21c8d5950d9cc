import { CfnWebACL } from "aws-cdk-lib/aws-wafv2";
import { Construct } from "constructs";

export interface EdgeWebAclProps {
  /** The environment's name, for the CloudWatch metric names. */
  environment: string;
  /** Requests one IP address may make in any 5 minutes before it gets 429s (WAF's minimum is 10). */
  requestsPerIpPer5Minutes: number;
}

/** WAF's rolling window for the per-IP count, in seconds (it allows 60, 120, 300 or 600). */
export const RATE_WINDOW_SECONDS = 300;

/**
 * The web ACL CloudFront checks before a request reaches the API. Everything is allowed unless a
 * rule says otherwise: first AWS's list of addresses known for bots and attacks, then a per-IP rate
 * rule, whose blocked requests get a 429 like API Gateway's and Signpost's own limits.
 * A CLOUDFRONT-scope ACL can only be created in us-east-1 (see EdgeStack).
 */
export class EdgeWebAcl extends Construct {
  readonly acl: CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeWebAclProps) {
    super(scope, id);
    const metrics = (name: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName: `signpost-${props.environment}-${name}`,
      sampledRequestsEnabled: true,
    });
    this.acl = new CfnWebACL(this, "Acl", {
      scope: "CLOUDFRONT",
      description: "Signpost: AWS IP reputation list and a per-IP rate limit in front of the API",
      defaultAction: { allow: {} },
      visibilityConfig: metrics("edge"),
      rules: [
        {
          name: "AwsIpReputation",
          priority: 0,
          // The group's own actions (it blocks the addresses on the list).
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesAmazonIpReputationList" },
          },
          visibilityConfig: metrics("ip-reputation"),
        },
        {
          name: "RequestsPerIp",
          priority: 1,
          action: { block: { customResponse: { responseCode: 429 } } },
          statement: {
            rateBasedStatement: {
              aggregateKeyType: "IP",
              limit: props.requestsPerIpPer5Minutes,
              evaluationWindowSec: RATE_WINDOW_SECONDS,
            },
          },
          visibilityConfig: metrics("requests-per-ip"),
        },
      ],
    });
  }
}

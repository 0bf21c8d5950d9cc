import { CfnWebACL } from "aws-cdk-lib/aws-wafv2";
import { Construct } from "constructs";
import { staffPaths } from "../../functions/http/case-log/paths.js";

export interface EdgeWebAclProps {
  /** The environment's name, for the CloudWatch metric names. */
  environment: string;
  /** Requests one IP address may make in any 5 minutes before it gets 429s (WAF's minimum is 10). */
  requestsPerIpPer5Minutes: number;
}

/** WAF's rolling window for the per-IP count, in seconds (it allows 60, 120, 300 or 600). */
export const RATE_WINDOW_SECONDS = 300;

/**
 * Sign-in attempts (POSTs to the sign-in pages) one IP address may make in any 5 minutes. Each
 * sign-in is two or three POSTs (email and password, a code, perhaps a new password), so 50 lets a
 * whole office sign in after a restart, while a password-guessing or lockout run from one address
 * is stopped long before it costs the staff routes' shared API Gateway budget.
 */
export const SIGN_IN_POSTS_PER_IP_PER_5_MINUTES = 50;

/**
 * The web ACL CloudFront checks before a request reaches the API. Everything is allowed unless a
 * rule says otherwise: first AWS's list of addresses known for bots and attacks, then a per-IP rate
 * rule, and a tighter one for sign-in POSTs alone; blocked requests get a 429 like API Gateway's
 * and Signpost's own limits.
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
        {
          name: "SignInPostsPerIp",
          priority: 2,
          action: { block: { customResponse: { responseCode: 429 } } },
          statement: {
            rateBasedStatement: {
              aggregateKeyType: "IP",
              limit: SIGN_IN_POSTS_PER_IP_PER_5_MINUTES,
              evaluationWindowSec: RATE_WINDOW_SECONDS,
              // Only sign-in POSTs count towards this one: the pages and signed-in work do not.
              scopeDownStatement: {
                andStatement: {
                  statements: [
                    {
                      byteMatchStatement: {
                        fieldToMatch: { uriPath: {} },
                        positionalConstraint: "STARTS_WITH",
                        searchString: staffPaths.signIn,
                        textTransformations: [{ priority: 0, type: "LOWERCASE" }],
                      },
                    },
                    {
                      byteMatchStatement: {
                        fieldToMatch: { method: {} },
                        positionalConstraint: "EXACTLY",
                        searchString: "POST",
                        textTransformations: [{ priority: 0, type: "NONE" }],
                      },
                    },
                  ],
                },
              },
            },
          },
          visibilityConfig: metrics("sign-in-posts-per-ip"),
        },
      ],
    });
  }
}

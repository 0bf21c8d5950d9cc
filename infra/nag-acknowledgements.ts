import { Validations } from "aws-cdk-lib";
import type { EdgeDistribution } from "./constructs/edge-distribution.js";
import type { AppStack } from "./stacks/app-stack.js";
import type { DataStack } from "./stacks/data-stack.js";
import type { EdgeStack } from "./stacks/edge-stack.js";

/**
 * Every cdk-nag finding Signpost accepts, on the narrowest construct, each with its reason.
 * Anything not listed here fails the synth (and the nag test).
 */
export function acknowledgeNagFindings(stacks: {
  app: AppStack;
  data: DataStack;
  edge?: { firewall: EdgeStack; edge: EdgeDistribution };
}): void {
  const { app } = stacks;
  for (const fn of Object.values(app.functions)) {
    if (!fn.role) continue;
    Validations.of(fn.role).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "Only the X-Ray actions (xray:PutTraceSegments, xray:PutTelemetryRecords) from active tracing; they do not support resource-level permissions.",
    });
  }
  for (const route of app.api.api.node.findAll().filter((c) => c.node.id.includes("--"))) {
    Validations.of(route).acknowledge({
      id: "AwsSolutions-APIG4",
      reason:
        "Public by design: residents report without an account (POST /api/reports), load balancers probe GET /health, and Open311 clients authenticate with the spec's api_key form field, checked by the function against hashed keys (GET is public in the spec). The staff case log (/staff) checks the Cognito ID token in its session cookie in the function on every request, because an HTTP API JWT authorizer reads a header or query parameter, not a cookie, and its sign-in page must be reachable signed out. Abuse is limited by per-route stage throttling.",
    });
  }
  Validations.of(stacks.data.linkKeySecret).acknowledge({
    id: "AwsSolutions-SMG4",
    reason:
      "The link key ring is rotated by the documented runbook, npm run rotate-link-key (ADR 0011), not by a rotation Lambda: Secrets Manager's rotation keeps only AWSCURRENT and AWSPREVIOUS, so two rotations within 30 days would drop a key that links already emailed (valid 30 days) still need. The tool adds a key, makes it current and drops only keys retired more than 31 days ago.",
  });
  Validations.of(app.clientHash.secret).acknowledge({
    id: "AwsSolutions-SMG4",
    reason:
      "The client hash key reaches the functions' environment as a dynamic reference, which CloudFormation resolves only when it updates them, so a rotation Lambda would leave them on the old value. A new value only restarts the per-address rate-limit windows, so it is rotated by hand with a deployment.",
  });
  if (stacks.edge) acknowledgeEdgeFindings(stacks.edge.edge);
  if (!app.staff.mfaRequired) {
    Validations.of(app.staff.userPool).acknowledge({
      id: "AwsSolutions-COG2",
      reason:
        "Non-production environments only: TOTP MFA is offered to every staff account (and set up at sign-in where required) and threat protection (FULL_FUNCTION) challenges risky sign-ins, so demo logins work without an app. Production environments require MFA.",
    });
  }
}

function acknowledgeEdgeFindings(edge: EdgeDistribution): void {
  Validations.of(edge.secret).acknowledge({
    id: "AwsSolutions-SMG4",
    reason:
      "The edge secret only marks requests that came through CloudFront. It reaches CloudFront's origin header and the functions' environment as dynamic references, which CloudFormation resolves only when it updates those resources, so a rotation Lambda would leave both on the old value. It is rotated by hand with a deployment (README, Edge protection); while the two differ, requests are still served, identified by CloudFront's address.",
  });
  const distribution = edge.distribution;
  Validations.of(distribution).acknowledge({
    id: "AwsSolutions-CFR1",
    reason:
      "Residents may report from anywhere (on holiday, through a VPN or a roaming phone) and Open311 clients run in any cloud region; abuse is limited by the WAF rate rule and IP reputation list and by Signpost's own per-client limits, not by country.",
  });
  Validations.of(distribution).acknowledge({
    id: "AwsSolutions-CFR3",
    reason:
      "Nothing is cached, so every request reaches the API, whose stage access log records it (route, status, latency); WAF's sampled requests and metrics show what the web ACL blocked. Standard CloudFront logs would add a log bucket holding every viewer's address.",
  });
  Validations.of(distribution).acknowledge({
    id: "AwsSolutions-CFR4",
    reason:
      "The distribution uses CloudFront's default *.cloudfront.net certificate, whose minimum viewer protocol CloudFront fixes at TLSv1; choosing TLSv1.2_2021 needs a custom domain and an ACM certificate in us-east-1, which this deployment does not have. The API behind it accepts TLS 1.2 only.",
  });
}

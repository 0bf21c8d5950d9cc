import { Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { EdgeWebAcl } from "../constructs/edge-web-acl.js";

export interface EdgeStackProps extends StackProps {
  environment: string;
  requestsPerIpPer5Minutes: number;
}

/**
 * The WAF web ACL for the CloudFront distribution in front of the API. CloudFront only accepts a
 * web ACL created in us-east-1, so this stack lives there whatever the app's region; the
 * distribution itself (in the app stack) reads the ACL's ARN through CDK's cross-region references.
 */
export class EdgeStack extends Stack {
  readonly webAcl: EdgeWebAcl;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    this.webAcl = new EdgeWebAcl(this, "WebAcl", {
      environment: props.environment,
      requestsPerIpPer5Minutes: props.requestsPerIpPer5Minutes,
    });
  }
}

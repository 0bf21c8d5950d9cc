import { RemovalPolicy } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { type FunctionName, routes } from "../../functions/http/routes.js";

export interface PublicApiProps {
  functions: Record<FunctionName, IFunction>;
  logRetention: RetentionDays;
  /** Requests per second (sustained, burst) on each public POST route; the rest get ten times that. */
  rateLimit: number;
  burstLimit: number;
}

/**
 * The HTTP API (payload v2, the shape the local gateway produces), built from the shared route
 * list. Throttling is per route on the stage; access logs carry no request bodies or IPs.
 */
export class PublicApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, "Api", { createDefaultStage: false, description: "Signpost public API" });
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of routes) {
      let integration = integrations.get(route.fn);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.fn}Integration`, props.functions[route.fn]);
        integrations.set(route.fn, integration);
      }
      this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration });
    }

    const accessLogs = new LogGroup(this, "AccessLogs", {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, "DefaultStage", {
      httpApi: this.api,
      stageName: "$default",
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit * 10, burstLimit: props.burstLimit * 10 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: "$context.requestId",
            routeKey: "$context.routeKey",
            status: "$context.status",
            latencyMs: "$context.responseLatency",
            integrationError: "$context.integrationErrorMessage",
            time: "$context.requestTime",
          }),
        ),
      },
    });
    const routeSettings = Object.fromEntries(
      routes
        .filter((r) => r.method === "POST")
        .map((r) => [
          `${r.method} ${r.path}`,
          { ThrottlingRateLimit: props.rateLimit, ThrottlingBurstLimit: props.burstLimit },
        ]),
    );
    (this.stage.node.defaultChild as CfnStage).addPropertyOverride("RouteSettings", routeSettings);
  }
}

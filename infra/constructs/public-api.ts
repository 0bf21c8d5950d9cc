import { RemovalPolicy } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import {
  CfnRoute,
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
import { type FunctionName, type Route, routes } from "../../functions/http/routes.js";

/** Requests per second, sustained and in a burst (API Gateway's token bucket). */
export interface RouteBudget {
  rateLimit: number;
  burstLimit: number;
}

/**
 * The three throttle budgets. Each route on an HTTP API stage has its own token bucket, so giving
 * the staff routes their own settings means a flood of report POSTs or page GETs empties the public
 * routes' buckets and never the staff's.
 */
export interface ApiThrottle {
  /** Each public POST: the JSON API's reports, Open311 requests and the resident form's steps. */
  reports: RouteBudget;
  /** Each staff route: the case log's pages, sign-in and actions. */
  staff: RouteBudget;
  /** Every other route (the stage default): the resident pages, assets, Open311 reads, /health. */
  pages: RouteBudget;
}

export interface PublicApiProps {
  functions: Record<FunctionName, IFunction>;
  logRetention: RetentionDays;
  throttle: ApiThrottle;
}

/** Which budget a route draws on. */
export function budgetOf(route: Pick<Route, "method" | "path">): keyof ApiThrottle {
  if (route.path === "/staff" || route.path.startsWith("/staff/")) return "staff";
  if (route.method === "POST") return "reports";
  return "pages";
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
    const { throttle } = props;
    this.stage = new HttpStage(this, "DefaultStage", {
      httpApi: this.api,
      stageName: "$default",
      autoDeploy: true,
      // The default route settings: every route not named below.
      throttle: throttle.pages,
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
    // RouteSettings is a map keyed by route key (CloudFormation's Json type, so PascalCase here).
    const routeSettings = Object.fromEntries(
      routes
        .filter((route) => budgetOf(route) !== "pages")
        .map((route) => {
          const budget = throttle[budgetOf(route)];
          return [
            `${route.method} ${route.path}`,
            { ThrottlingRateLimit: budget.rateLimit, ThrottlingBurstLimit: budget.burstLimit },
          ];
        }),
    );
    (this.stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
    // Settings for a route key the API does not have yet fail the deployment: routes first.
    for (const route of this.api.node.findAll().filter((c) => c instanceof CfnRoute))
      this.stage.node.addDependency(route);
  }
}

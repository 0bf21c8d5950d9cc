import { type App, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { services } from "../functions/core/services/index.js";
import { readEnvironmentConfig } from "./config.js";
import { EdgeDistribution } from "./constructs/edge-distribution.js";
import { repositoryRoot } from "./constructs/signpost-function.js";
import { checkCouncilAreas, checkCouncilServices } from "./council-areas.js";
import { acknowledgeNagFindings } from "./nag-acknowledgements.js";
import { AppStack } from "./stacks/app-stack.js";
import { DataStack } from "./stacks/data-stack.js";
import { EdgeStack } from "./stacks/edge-stack.js";
import { MessagingStack } from "./stacks/messaging-stack.js";

/** CloudFront accepts only web ACLs created here. */
const WEB_ACL_REGION = "us-east-1";

/** Adds Signpost's stacks for the environment named by the `env` context to an app, with cdk-nag. */
export function addSignpost(app: App, options: { acknowledgeFindings?: boolean } = {}) {
  const name = String(app.node.tryGetContext("env") ?? "demo");
  const config = readEnvironmentConfig(app.node.tryGetContext("signpost:environments"), name);
  checkCouncilAreas(config, name, repositoryRoot);
  checkCouncilServices(config, name, services);
  const env = { region: config.region, ...(config.account ? { account: config.account } : {}) };
  const prefix = `Signpost-${name}`;

  const data = new DataStack(app, `${prefix}-Data`, { env, production: config.production });
  const messaging = new MessagingStack(app, `${prefix}-Messaging`, {
    env,
    sendingDomains: config.councils.map((council) => council.sendingDomain),
    maxReceiveCount: config.maxReceiveCount,
    alarmEmail: config.alarmEmail,
  });
  // Edge protection: the web ACL in us-east-1, read by the distribution in the app's region through
  // CDK's cross-region references (an SSM parameter in the app's region, written on deployment).
  const firewall = config.edge.enabled
    ? new EdgeStack(app, `${prefix}-Edge`, {
        env: { ...env, region: WEB_ACL_REGION },
        crossRegionReferences: true,
        environment: name,
        requestsPerIpPer5Minutes: config.edge.requestsPerIpPer5Minutes,
      })
    : undefined;
  const application = new AppStack(app, `${prefix}-App`, {
    env,
    config,
    data,
    messaging,
    ...(firewall ? { crossRegionReferences: true } : {}),
  });
  // In the app stack beside the API and the functions that share its secret (no cross-stack cycle).
  const edge = firewall
    ? new EdgeDistribution(application, "Edge", {
        api: application.api.api,
        webAclArn: firewall.webAcl.acl.attrArn,
        clientFunctions: [
          application.functions.intake,
          application.functions.web,
          application.functions.open311,
        ],
        domainNames: config.councils.flatMap((council) => council.hostNames),
        ...(config.edge.certificateArn ? { certificateArn: config.edge.certificateArn } : {}),
      })
    : undefined;
  // Behind the edge, the emails' links go through it too (its own domain; a council's host names
  // are for its form, and one deployment's links name one address).
  if (edge) application.linkEmailsTo(`https://${edge.distribution.distributionDomainName}/`);

  Tags.of(app).add("project", "signpost");
  Tags.of(app).add("environment", name);
  // Tests turn this off to prove each acknowledgement is still needed.
  if (options.acknowledgeFindings !== false)
    acknowledgeNagFindings({
      app: application,
      data,
      ...(firewall && edge ? { edge: { firewall, edge } } : {}),
    });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { config, data, messaging, application, firewall, edge };
}

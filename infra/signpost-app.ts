import { type App, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { readEnvironmentConfig } from "./config.js";
import { acknowledgeNagFindings } from "./nag-acknowledgements.js";
import { AppStack } from "./stacks/app-stack.js";
import { DataStack } from "./stacks/data-stack.js";
import { MessagingStack } from "./stacks/messaging-stack.js";

/** Adds Signpost's stacks for the environment named by the `env` context to an app, with cdk-nag. */
export function addSignpost(app: App, options: { acknowledgeFindings?: boolean } = {}) {
  const name = String(app.node.tryGetContext("env") ?? "demo");
  const config = readEnvironmentConfig(app.node.tryGetContext("signpost:environments"), name);
  const env = { region: config.region, ...(config.account ? { account: config.account } : {}) };
  const prefix = `Signpost-${name}`;

  const data = new DataStack(app, `${prefix}-Data`, { env, production: config.production });
  const messaging = new MessagingStack(app, `${prefix}-Messaging`, {
    env,
    sendingDomain: config.sendingDomain,
    maxReceiveCount: config.maxReceiveCount,
    alarmEmail: config.alarmEmail,
  });
  const application = new AppStack(app, `${prefix}-App`, { env, config, data, messaging });

  Tags.of(app).add("project", "signpost");
  Tags.of(app).add("environment", name);
  // Tests turn this off to prove each acknowledgement is still needed.
  if (options.acknowledgeFindings !== false) acknowledgeNagFindings({ app: application });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { config, data, messaging, application };
}

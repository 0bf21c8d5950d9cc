/**
 * `npm start`: the whole of Signpost on this machine, no AWS account needed.
 * PORT (3000), SES_PORT (8005), MODERNGOV_PORT (8006), IDENTITY_PORT (8007), SQS_PORT (8008),
 * SECRETS_PORT (8009) and DATA_DIR (.data) can be overridden. MODERNGOV_TEMPLATE picks the local Modern.Gov page template
 * (standard, footer-div, sidebar, table, obfuscated, mailto-query, several-addresses, double-encoded,
 * welsh, bilingual) and MODERNGOV_OFF switches its sources off (a comma list of get, soap,
 * details-list, index) to exercise the directory's fallbacks.
 */
import { resolve } from "node:path";
import * as z from "zod";
import { DEMO_OPEN311_API_KEY } from "../config/open311-demo-key.js";
import { DEMO_STAFF_USERS } from "./identity-provider.js";
import { startLocalStack } from "./local-stack.js";
import { MODERNGOV_SOURCES } from "./moderngov-server.js";
import { MODERNGOV_TEMPLATES } from "./moderngov-templates.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const port = z.coerce.number().int().min(0).max(65535);
const env = z
  .object({
    PORT: port.default(3000),
    SES_PORT: port.default(8005),
    MODERNGOV_PORT: port.default(8006),
    IDENTITY_PORT: port.default(8007),
    SQS_PORT: port.default(8008),
    SECRETS_PORT: port.default(8009),
    DATA_DIR: z.string().min(1).default(".data"),
    MODERNGOV_TEMPLATE: z.enum(MODERNGOV_TEMPLATES).default("standard"),
    MODERNGOV_OFF: z
      .string()
      .default("")
      .transform((list) =>
        list
          .split(",")
          .map((s) => s.trim())
          .filter((s) => s !== ""),
      )
      .pipe(z.array(z.enum(MODERNGOV_SOURCES))),
  })
  .parse(process.env);

const stack = await startLocalStack({
  port: env.PORT,
  sesPort: env.SES_PORT,
  moderngovPort: env.MODERNGOV_PORT,
  moderngov: { template: env.MODERNGOV_TEMPLATE, off: env.MODERNGOV_OFF },
  identityPort: env.IDENTITY_PORT,
  sqsPort: env.SQS_PORT,
  secretsPort: env.SECRETS_PORT,
  dataDir: resolve(env.DATA_DIR),
  scheduleDigest: true,
  scheduleDirectoryRefresh: true,
  councils: "demo",
});

console.log(`Signpost is running locally for three fictional demo councils: Exampleshire Vale District Council
and Harrowfield District Council (two-tier, in Exampleshire) and Saltmere Council (unitary).
Try postcodes ZX2 1FD (a Vale parish), ZX20 1PS (Harrowfield, unparished), ZX31 1AF (a Saltmere parish).

  API             ${stack.urls.api}/api/reports   (POST JSON; see README)
  Open311         ${stack.urls.api}/open311/v2/discovery.json   (GeoReport v2; api_key ${DEMO_OPEN311_API_KEY})
  Health          ${stack.urls.api}/health
  Staff case log  ${stack.urls.api}/staff/cases
${DEMO_STAFF_USERS.map((u) => `                  ${u.groups.join(", ")}${u.council ? ` of ${u.council}` : ""}: ${u.email} / ${u.password}${u.parish ? ` (parish ${u.parish})` : ""}`).join("\n")}
  Staff sign-in   ${stack.urls.identity}   (local identity provider answering Cognito's sign-in API; JWKS at /.well-known/jwks.json)
  Sent email      ${stack.urls.ses}/   (SES emulator web page; JSON at /store)
  Modern.Gov      ${stack.urls.moderngov}/mgWebService.asmx/GetParishCouncils   (and /harrowfield/…, /saltmere/…)   (pages: ${env.MODERNGOV_TEMPLATE} template${env.MODERNGOV_OFF.length > 0 ? `; off: ${env.MODERNGOV_OFF.join(", ")}` : ""})
  DynamoDB        ${stack.urls.dynamodb}   (dynalite; data in ${resolve(env.DATA_DIR)})
  SQS             ${stack.urls.sqs}   (local endpoint answering SQS's JSON API; dispatch queue at ${stack.config.DISPATCH_QUEUE_URL})
  Secrets Manager ${stack.urls.secretsManager}   (local endpoint; clerks' link keys in ${stack.linkKeys.secretArn})
                  rotate them: SECRETS_MANAGER_ENDPOINT=${stack.urls.secretsManager} CLERK_LINK_SECRET_ID=${stack.linkKeys.config("dispatch").CLERK_LINK_SECRET_ID} npm run rotate-link-key

Press Ctrl+C to stop.`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping…");
    stack.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}

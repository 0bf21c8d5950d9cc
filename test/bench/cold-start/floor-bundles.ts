import { join } from "node:path";
import { build } from "esbuild";

/** The SDK clients a function builds at init: what its floor bundle creates and nothing else. */
export type SdkClient = "dynamodb" | "sqs" | "ses" | "cognito";

const CLIENTS: Record<SdkClient, { imports: string[]; create: string }> = {
  dynamodb: {
    imports: [
      'import { DynamoDBClient } from "@aws-sdk/client-dynamodb";',
      'import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";',
    ],
    create: "DynamoDBDocumentClient.from(new DynamoDBClient({}))",
  },
  sqs: { imports: ['import { SQSClient } from "@aws-sdk/client-sqs";'], create: "new SQSClient({})" },
  ses: { imports: ['import { SESClient } from "@aws-sdk/client-ses";'], create: "new SESClient({})" },
  cognito: {
    imports: ['import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";'],
    create: "new CognitoIdentityProviderClient({})",
  },
};

/**
 * Builds, with esbuild and the synth's bundling options (ESM, node24, minified, the createRequire
 * banner), a bundle that only creates the given SDK clients at init and exports a handler: the
 * least a function using those clients can cost at a cold start.
 */
export async function buildFloorBundle(clients: readonly SdkClient[], outDir: string): Promise<string> {
  const outfile = join(outDir, `floor-${clients.join("-") || "none"}.mjs`);
  const source = [
    ...clients.flatMap((client) => CLIENTS[client].imports),
    `const clients = [${clients.map((client) => CLIENTS[client].create).join(", ")}];`,
    "export const handler = async () => clients.length;",
  ].join("\n");
  await build({
    stdin: { contents: source, resolveDir: join(import.meta.dirname, "../../.."), loader: "js" },
    bundle: true,
    outfile,
    platform: "node",
    format: "esm",
    target: "node24",
    minify: true,
    mainFields: ["module", "main"],
    banner: { js: "import{createRequire}from'module';const require=createRequire(import.meta.url);" },
    logLevel: "error",
  });
  return outfile;
}

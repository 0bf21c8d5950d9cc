import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { LocalSecrets, SecretsError, type SecretsErrorCode, type StoredSecret } from "./secrets-store.js";

/**
 * A local stand-in for Secrets Manager (`npm start` and tests), as the local SQS endpoint is for
 * SQS (ADR 0009, ADR 0011). It answers the two calls Signpost makes, GetSecretValue (the functions
 * reading the link key ring) and PutSecretValue (`npm run rotate-link-key`), in Secrets Manager's
 * JSON protocol (AWS JSON 1.1, as @aws-sdk/client-secrets-manager speaks it), so the real SDK
 * client works against it unchanged. ARNs end with a random six-character suffix, as real ones
 * do. Never deployed.
 */

const LOCAL_ACCOUNT = "000000000000";
/** Secrets Manager's limit on a SecretString. */
const MAX_SECRET_BYTES = 65_536;

export interface LocalSecretsManager {
  /** Secrets Manager's API endpoint (the functions' SECRETS_MANAGER_ENDPOINT). */
  endpoint: string;
  secrets: LocalSecrets;
  close: () => Promise<void>;
}

type Input = Record<string, unknown>;

const CONTENT_TYPE = "application/x-amz-json-1.1";

function invalid(message: string): SecretsError {
  return new SecretsError("InvalidParameterException", message);
}

function optionalText(input: Input, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || value === "")
    throw invalid(`Invalid ${name}: it must be a non-empty string.`);
  return value;
}

function secretOf(secrets: LocalSecrets, input: Input): StoredSecret {
  const id = optionalText(input, "SecretId");
  if (!id) throw invalid("You must provide a SecretId.");
  return secrets.find(id);
}

export async function startLocalSecretsManager(
  options: { port?: number; region?: string; persistPath?: string } = {},
): Promise<LocalSecretsManager> {
  const secrets = new LocalSecrets({
    region: options.region ?? "eu-west-2",
    account: LOCAL_ACCOUNT,
    ...(options.persistPath ? { persistPath: options.persistPath } : {}),
  });

  const operations: Record<string, (input: Input) => unknown> = {
    GetSecretValue(input) {
      const secret = secretOf(secrets, input);
      const versionId = optionalText(input, "VersionId");
      const stage = optionalText(input, "VersionStage");
      const version = secrets.version(secret, {
        ...(versionId ? { versionId } : {}),
        ...(stage ? { stage } : {}),
      });
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: version.versionId,
        SecretString: version.secretString,
        VersionStages: version.stages,
        // AWS JSON timestamps are epoch seconds.
        CreatedDate: version.createdAt / 1000,
      };
    },
    PutSecretValue(input) {
      const secret = secretOf(secrets, input);
      if (input.SecretBinary !== undefined)
        throw new SecretsError("InvalidRequestException", "The local endpoint keeps string secrets only.");
      const secretString = optionalText(input, "SecretString");
      if (secretString === undefined) throw invalid("You must provide either SecretString or SecretBinary.");
      if (Buffer.byteLength(secretString, "utf8") > MAX_SECRET_BYTES)
        throw invalid("SecretString must be at most 65536 bytes.");
      const token = optionalText(input, "ClientRequestToken") ?? randomUUID();
      if (token.length < 32 || token.length > 64)
        throw invalid("ClientRequestToken must be from 32 to 64 characters long.");
      const stages = input.VersionStages === undefined ? ["AWSCURRENT"] : input.VersionStages;
      if (
        !Array.isArray(stages) ||
        stages.length === 0 ||
        !stages.every((s) => typeof s === "string" && s !== "")
      )
        throw invalid("VersionStages must be a list of staging labels.");
      const version = secrets.put(secret, { token, secretString, stages: stages as string[] });
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: version.versionId,
        VersionStages: version.stages,
      };
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = String(req.headers["x-amz-target"] ?? "");
    const name = target.startsWith("secretsmanager.") ? target.slice("secretsmanager.".length) : "";
    const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
    const input = await readJson(req);
    if (req.method !== "POST" || !operation)
      return error(res, "UnknownOperationException", `Unknown operation ${target}`);
    if (!input) return error(res, "SerializationException", "The request body is not valid JSON.");
    const output = operation(input);
    res
      .writeHead(200, { "content-type": CONTENT_TYPE, "x-amzn-requestid": randomUUID() })
      .end(JSON.stringify(output));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((caught: unknown) => {
      if (caught instanceof SecretsError) return error(res, caught.code, caught.message);
      return error(res, "InternalServiceError", "An error occurred on the server side.", 500);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    secrets,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An error as Secrets Manager's JSON protocol returns it: its code in `__type`, HTTP 400. */
function error(
  res: ServerResponse,
  code: SecretsErrorCode | "UnknownOperationException" | "SerializationException" | "InternalServiceError",
  message: string,
  status = 400,
): void {
  if (res.destroyed || res.headersSent) return;
  res
    .writeHead(status, { "content-type": CONTENT_TYPE, "x-amzn-requestid": randomUUID() })
    .end(JSON.stringify({ __type: code, Message: message }));
}

async function readJson(req: IncomingMessage): Promise<Input | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= 4 * MAX_SECRET_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > 4 * MAX_SECRET_BYTES) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Input) : undefined;
  } catch {
    return undefined;
  }
}

import { reportsTable } from "#adapters/dynamodb/table-definition.js";

/**
 * One AWS call as IAM sees it: the action (`dynamodb:Query`) and the ARNs it is authorised
 * against. `resources` is empty for operations that IAM does not authorise (Cognito's session-based
 * MFA set-up calls), which `iamAuthorised: false` says.
 */
export interface AwsCall {
  action: string;
  resources: string[];
  iamAuthorised: boolean;
  /**
   * For DynamoDB item and query calls, the partition key values the call touches: IAM's
   * `dynamodb:LeadingKeys` condition key.
   */
  leadingKeys?: string[];
}

export type RecordCall = (call: AwsCall) => void;

/** The IAM service prefix of each SDK client the wiring builds. */
const SERVICE_PREFIX: Record<string, string> = {
  DynamoDBClient: "dynamodb",
  SESClient: "ses",
  SQSClient: "sqs",
  CognitoIdentityProviderClient: "cognito-idp",
  SecretsManagerClient: "secretsmanager",
};

/**
 * Cognito operations authorised by the user's session or access token, not by IAM: their API
 * reference says Amazon Cognito doesn't evaluate IAM policies for them
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AssociateSoftwareToken.html).
 */
const NOT_IAM_AUTHORISED = new Set([
  "cognito-idp:AssociateSoftwareToken",
  "cognito-idp:VerifySoftwareToken",
  "cognito-idp:RespondToAuthChallenge",
  "cognito-idp:InitiateAuth",
]);

type Input = Record<string, unknown>;
const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** The ARNs an operation's input names, in the form IAM matches them. */
export function resourcesOf(
  action: string,
  input: Input,
  where: { region: string; account: string },
): string[] {
  const arn = (service: string, resource: string) =>
    `arn:aws:${service}:${where.region}:${where.account}:${resource}`;
  const [service] = action.split(":");
  switch (service) {
    case "dynamodb": {
      const tables = text(input.TableName)
        ? [text(input.TableName) as string]
        : Object.keys((input.RequestItems as Input | undefined) ?? {});
      const index = text(input.IndexName);
      return tables.map((table) => arn("dynamodb", `table/${table}${index ? `/index/${index}` : ""}`));
    }
    case "ses": {
      // SES authorises a send against the sending identity (here the domain of the From address)
      // and the configuration set it names.
      const source = text(input.Source) ?? "";
      const domain = source.replace(/^.*<|>.*$/g, "").split("@")[1];
      const set = text(input.ConfigurationSetName);
      return [
        ...(domain ? [arn("ses", `identity/${domain}`)] : []),
        ...(set ? [arn("ses", `configuration-set/${set}`)] : []),
      ];
    }
    case "sqs": {
      const url = text(input.QueueUrl);
      return url ? [arn("sqs", url.split("/").pop() ?? "")] : [];
    }
    case "secretsmanager": {
      // IAM authorises a secret's calls against its full ARN, which ends with a hyphen and six
      // random characters, however SecretId names it ("Permissions reference for Secrets Manager",
      // https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html).
      // A full ARN is recorded as it is. A name or a partial ARN is recorded as the ARN without
      // the suffix, which only the service knows: the IAM replay maps it to the secret it names,
      // and a policy naming that bare ARN would match nothing in AWS.
      const id = text(input.SecretId);
      if (!id) return [];
      if (id.startsWith("arn:")) return [id];
      return [arn("secretsmanager", `secret:${id}`)];
    }
    case "cognito-idp": {
      const pool = text(input.UserPoolId);
      return pool ? [arn("cognito-idp", `userpool/${pool}`)] : [];
    }
    default:
      return [];
  }
}

/** The partition key of the table or the named index (the one table this project has). */
function partitionKeyOf(index: string | undefined): string {
  const indexes = reportsTable.indexes as Record<string, { partitionKey: string }>;
  return (index && indexes[index]?.partitionKey) || reportsTable.partitionKey;
}

/**
 * The partition key values a DynamoDB call names, as IAM's `dynamodb:LeadingKeys` has them: the
 * key of an item call (or the item put), each key of a batch read, and the partition a query reads.
 */
export function leadingKeysOf(action: string, input: Input): string[] | undefined {
  if (!action.startsWith("dynamodb:")) return undefined;
  const pk = partitionKeyOf(text(input.IndexName));
  const keyOf = (item: unknown) => text((item as Input | undefined)?.[pk]);
  if (input.Key || input.Item) return [keyOf(input.Key ?? input.Item)].filter((k) => k !== undefined);
  if (action === "dynamodb:BatchGetItem") {
    const tables = Object.values((input.RequestItems as Record<string, { Keys?: unknown[] }>) ?? {});
    return tables.flatMap((t) => (t.Keys ?? []).map(keyOf)).filter((k) => k !== undefined);
  }
  const condition = text(input.KeyConditionExpression);
  if (!condition) return undefined;
  const names = (input.ExpressionAttributeNames as Record<string, string> | undefined) ?? {};
  const values = (input.ExpressionAttributeValues as Input | undefined) ?? {};
  for (const [, name, value] of condition.matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
    if ((names[name ?? ""] ?? name) === pk) {
      const key = text(values[value ?? ""]);
      return key === undefined ? [] : [key];
    }
  }
  return [];
}

/**
 * SQS batch operations have no IAM action of their own: the single action authorises them
 * ("Amazon SQS batch actions", SQS Developer Guide,
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-batch-api-actions.html).
 */
const SQS_BATCH_OPERATIONS = new Set([
  "SendMessageBatch",
  "DeleteMessageBatch",
  "ChangeMessageVisibilityBatch",
]);

/** The IAM action of an SDK command: `dynamodb:Query` for the DynamoDB client's QueryCommand. */
export function actionOf(clientName: string, commandName: string): string | undefined {
  const prefix = SERVICE_PREFIX[clientName];
  if (!prefix) return undefined;
  const operation = commandName.replace(/Command$/, "");
  if (prefix === "sqs" && SQS_BATCH_OPERATIONS.has(operation))
    return `sqs:${operation.replace(/Batch$/, "")}`;
  return `${prefix}:${operation}`;
}

type Next = (args: { input: object }) => Promise<unknown>;
interface RecordableClient {
  middlewareStack: {
    add(
      middleware: (next: Next, context: object) => Next,
      options: { step: "initialize"; name: string },
    ): void;
  };
}

/**
 * Adds a middleware that reports every call the client makes (before it is signed or sent), so the
 * local stack can check each one against the synthesised IAM policies. Only the local runtime
 * passes `record`; without it the client is returned unchanged.
 */
export function recordCalls<C extends RecordableClient>(
  client: C,
  options: { record?: RecordCall | undefined; region: string; account: string },
): C {
  const record = options.record;
  if (!record) return client;
  client.middlewareStack.add(
    (next: Next, context: object) => (args: { input: object }) => {
      const { clientName = "", commandName = "" } = context as { clientName?: string; commandName?: string };
      const action = actionOf(clientName, commandName);
      if (action) {
        const leadingKeys = leadingKeysOf(action, args.input as Input);
        record({
          action,
          resources: resourcesOf(action, args.input as Input, options),
          iamAuthorised: !NOT_IAM_AUTHORISED.has(action),
          ...(leadingKeys ? { leadingKeys } : {}),
        });
      }
      return next(args);
    },
    { step: "initialize", name: "signpostRecordCalls" },
  );
  return client;
}

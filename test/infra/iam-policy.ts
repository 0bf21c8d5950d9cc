import { type CfnElement, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { IConstruct } from "constructs";

// A small evaluator of the synthesised IAM policies, for the calls the local stack records.
//
// AWS's policy evaluation logic, as this file implements it for one principal's policies (or one
// resource policy, for a service principal's call): every request starts as an implicit deny; an
// explicit Deny in any applicable policy overrides any Allow; otherwise the request is allowed
// only if some Allow statement matches its action, its resource and all of its conditions; with
// neither, the implicit (default) deny stands. See the IAM User Guide, "Policy evaluation logic"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html) and
// "The difference between explicit and implicit denies"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_AccessPolicyLanguage_Interplay.html);
// SNS states the same rules for topic policies
// (https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-evaluation-logic.html).
// Permission boundaries, SCPs and session policies are not used by this project and are not
// modelled; neither are condition keys the project does not use (an unknown operator throws).

type Json = unknown;
export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: Json;
  NotResource?: Json;
  Principal?: Json;
  Condition?: Record<string, Record<string, Json>>;
}

/** One call to check: who, what, on which resource (canonical form), with which context keys. */
export interface Request {
  action: string;
  resource: string;
  /** Request context keys (`aws:SourceArn`...); `aws:SecureTransport` is always "true". */
  context?: Record<string, string>;
  /** Multivalued context keys (`dynamodb:LeadingKeys`), for the ForAllValues set operator. */
  multiContext?: Record<string, string[]>;
  /** For resource policies: the calling service principal. */
  servicePrincipal?: string;
}

export type Decision = "allowed" | "explicit-deny" | "implicit-deny";

const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** IAM's wildcard match: `*` any run of characters, `?` one character. */
export function globMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const source = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, caseInsensitive ? "is" : "s").test(value);
}

/**
 * `ForAllValues:<operator>` on a multivalued key: true when every value in the request matches one
 * of the condition's values, and also when the request has no value for the key (IAM User Guide,
 * "Single-valued vs. multivalued context keys",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
 * Only the string operators are modelled.
 */
function forAllValues(operator: string, key: string, expected: string[], request: Request): boolean {
  const found = Object.entries(request.multiContext ?? {}).find(
    ([k]) => k.toLowerCase() === key.toLowerCase(),
  );
  const values = found?.[1] ?? [];
  const matches = (value: string) => {
    if (operator === "StringEquals") return expected.includes(value);
    if (operator === "StringLike") return expected.some((e) => globMatch(e, value));
    throw new Error(`Condition operator ForAllValues:${operator} is not modelled by this evaluator`);
  };
  return values.every(matches);
}

/** The condition operators this project's policies use; an unknown one fails loudly. */
function conditionHolds(operator: string, key: string, expected: string[], request: Request): boolean {
  if (operator.startsWith("ForAllValues:"))
    return forAllValues(operator.slice("ForAllValues:".length), key, expected, request);
  const ifExists = operator.endsWith("IfExists");
  const op = ifExists ? operator.slice(0, -"IfExists".length) : operator;
  const context: Record<string, string> = { "aws:securetransport": "true" };
  for (const [k, v] of Object.entries(request.context ?? {})) context[k.toLowerCase()] = v;
  const actual = context[key.toLowerCase()];
  if (actual === undefined) return ifExists;
  switch (op) {
    case "StringEquals":
    case "ArnEquals":
      return expected.includes(actual);
    case "StringLike":
    case "ArnLike":
      return expected.some((e) => globMatch(e, actual));
    case "StringNotEquals":
      return !expected.includes(actual);
    case "Bool":
      return expected.map((e) => e.toLowerCase()).includes(actual.toLowerCase());
    default:
      throw new Error(`Condition operator ${operator} is not modelled by this evaluator`);
  }
}

function principalMatches(principal: Json, request: Request): boolean {
  if (principal === undefined) return true; // identity policy: the principal is the role itself
  if (principal === "*") return true;
  const p = principal as { AWS?: Json; Service?: Json };
  if (list(p.AWS as string | string[]).includes("*")) return true;
  return (
    request.servicePrincipal !== undefined && list(p.Service as string[]).includes(request.servicePrincipal)
  );
}

function statementMatches(statement: Statement, request: Request): boolean {
  const actionOk = statement.NotAction
    ? !list(statement.NotAction).some((a) => globMatch(a, request.action, true))
    : list(statement.Action).some((a) => globMatch(a, request.action, true));
  if (!actionOk) return false;
  const resourceOk = statement.NotResource
    ? !list(statement.NotResource as string[]).some((r) => globMatch(r, request.resource))
    : list(statement.Resource as string[]).some((r) => globMatch(r, request.resource));
  if (!resourceOk || !principalMatches(statement.Principal, request)) return false;
  for (const [operator, keys] of Object.entries(statement.Condition ?? {}))
    for (const [key, value] of Object.entries(keys))
      if (!conditionHolds(operator, key, list(value as string[]), request)) return false;
  return true;
}

/** Explicit Deny wins; else an Allow must match action, resource and conditions; else default deny. */
export function evaluate(statements: Statement[], request: Request): Decision {
  const matching = statements.filter((s) => statementMatches(s, request));
  if (matching.some((s) => s.Effect === "Deny")) return "explicit-deny";
  if (matching.some((s) => s.Effect === "Allow")) return "allowed";
  return "implicit-deny";
}

/**
 * The synthesised templates, with every policy's tokens resolved to a canonical text: a resource's
 * ARN is `{Kind}` (`{Table}`, `{DispatchQueue}`...), its Ref `{Kind.Ref}`, and the region and
 * account fields of any ARN are `{region}` and `{account}`. Recorded local ARNs are mapped to the
 * same text, so the two compare as CloudFormation would have them after deployment.
 */
export class SynthesisedPolicies {
  readonly templates: Map<string, Record<string, Json>>;
  readonly #kinds = new Map<string, string>();

  constructor(stacks: Stack[], kinds: Record<string, IConstruct>) {
    this.templates = new Map(stacks.map((s) => [s.stackName, Template.fromStack(s).toJSON()]));
    for (const [kind, construct] of Object.entries(kinds)) {
      const stack = Stack.of(construct);
      const element = (construct.node.defaultChild ?? construct) as CfnElement;
      this.#kinds.set(`${stack.stackName}/${stack.getLogicalId(element)}`, kind);
    }
  }

  resources(stackName: string): Record<string, { Type: string; Properties: Record<string, Json> }> {
    return (this.templates.get(stackName)?.Resources ?? {}) as Record<
      string,
      { Type: string; Properties: Record<string, Json> }
    >;
  }

  #kind(stackName: string, logicalId: string): string {
    return this.#kinds.get(`${stackName}/${logicalId}`) ?? `${stackName}/${logicalId}`;
  }

  /** A template value (string, Ref, Fn::GetAtt, Fn::ImportValue, Fn::Join, Fn::Sub) as canonical text. */
  resolve(stackName: string, value: Json): string {
    if (typeof value === "string") return canonicalArn(value);
    const v = value as Record<string, Json>;
    if ("Ref" in v) {
      const ref = v.Ref as string;
      if (ref === "AWS::Partition") return "aws";
      if (ref === "AWS::Region") return "{region}";
      if (ref === "AWS::AccountId") return "{account}";
      if (ref === "AWS::URLSuffix") return "amazonaws.com";
      return `{${this.#kind(stackName, ref)}.Ref}`;
    }
    if ("Fn::GetAtt" in v) {
      const [id, attribute] = v["Fn::GetAtt"] as [string, string];
      return attribute === "Arn"
        ? `{${this.#kind(stackName, id)}}`
        : `{${this.#kind(stackName, id)}.${attribute}}`;
    }
    if ("Fn::ImportValue" in v) {
      const name = v["Fn::ImportValue"] as string;
      for (const [other, template] of this.templates) {
        const outputs = (template.Outputs ?? {}) as Record<
          string,
          { Value: Json; Export?: { Name: string } }
        >;
        const output = Object.values(outputs).find((o) => o.Export?.Name === name);
        if (output) return this.resolve(other, output.Value);
      }
      throw new Error(`No export ${name}`);
    }
    if ("Fn::Join" in v) {
      const [separator, parts] = v["Fn::Join"] as [string, Json[]];
      return canonicalArn(parts.map((p) => this.resolve(stackName, p)).join(separator));
    }
    if ("Fn::Sub" in v) {
      const text = v["Fn::Sub"] as string;
      return canonicalArn(
        text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
          const [id, attribute] = name.split(".");
          return this.resolve(stackName, attribute ? { "Fn::GetAtt": [id, attribute] } : { Ref: id });
        }),
      );
    }
    throw new Error(`Cannot resolve ${JSON.stringify(value)}`);
  }

  /** A policy document's statements with every Resource, Principal and Condition value resolved. */
  statements(stackName: string, document: Json): Statement[] {
    const resolveAll = (value: Json): Json =>
      Array.isArray(value) ? value.map((x) => this.resolve(stackName, x)) : this.resolve(stackName, value);
    return list((document as { Statement: Statement | Statement[] }).Statement).map((s) => ({
      ...s,
      ...(s.Resource !== undefined ? { Resource: resolveAll(s.Resource) } : {}),
      ...(s.NotResource !== undefined ? { NotResource: resolveAll(s.NotResource) } : {}),
      ...(s.Condition
        ? {
            Condition: Object.fromEntries(
              Object.entries(s.Condition).map(([op, keys]) => [
                op,
                Object.fromEntries(Object.entries(keys).map(([k, value]) => [k, resolveAll(value)])),
              ]),
            ),
          }
        : {}),
    }));
  }

  /** Every statement of the role a function runs as: inline policies and attached AWS::IAM::Policy. */
  roleStatements(fn: IConstruct): Statement[] {
    const stack = Stack.of(fn);
    const resources = this.resources(stack.stackName);
    const fnResource = resources[stack.getLogicalId(fn.node.defaultChild as CfnElement)];
    const [roleId] = (fnResource?.Properties.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"];
    const role = resources[roleId];
    if (role?.Properties.ManagedPolicyArns) throw new Error(`${roleId} has managed policies: not modelled`);
    const inline = list(role?.Properties.Policies as Array<{ PolicyDocument: Json }>).flatMap((p) =>
      this.statements(stack.stackName, p.PolicyDocument),
    );
    const attached = Object.values(resources)
      .filter((r) => r.Type === "AWS::IAM::Policy")
      .filter((r) => JSON.stringify(r.Properties.Roles).includes(JSON.stringify({ Ref: roleId })))
      .flatMap((r) => this.statements(stack.stackName, r.Properties.PolicyDocument));
    return [...inline, ...attached];
  }

  /** The statements of the resource policy that applies to a resource (topic, queue or key). */
  resourcePolicy(resource: IConstruct): Statement[] {
    const stack = Stack.of(resource);
    const id = stack.getLogicalId(resource.node.defaultChild as CfnElement);
    const resources = this.resources(stack.stackName);
    const own = resources[id];
    if (own?.Type === "AWS::KMS::Key") return this.statements(stack.stackName, own.Properties.KeyPolicy);
    return Object.values(resources)
      .filter((r) => ["AWS::SNS::TopicPolicy", "AWS::SQS::QueuePolicy"].includes(r.Type))
      .filter((r) => JSON.stringify(r.Properties.Topics ?? r.Properties.Queues).includes(`"${id}"`))
      .flatMap((r) => this.statements(stack.stackName, r.Properties.PolicyDocument));
  }
}

/** An ARN with its partition, region and account made canonical (wildcards kept). */
export function canonicalArn(text: string): string {
  const parts = text.split(":");
  if (parts[0] !== "arn" || parts.length < 6) return text;
  parts[1] = "aws";
  if (parts[3] && !parts[3].includes("*")) parts[3] = "{region}";
  if (parts[4] && !parts[4].includes("*") && parts[4] !== "aws") parts[4] = "{account}";
  return parts.join(":");
}

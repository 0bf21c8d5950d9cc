import { ServiceDefinitionError } from "../errors.js";
import { allAnswerCombinations } from "./all-answer-combinations.js";
import { evaluateRules } from "./evaluate-rules.js";
import { promiseProblems } from "./promised-bodies.js";
import { type ServiceDefinition, serviceSchema } from "./service-schema.js";

export { allAnswerCombinations } from "./all-answer-combinations.js";

/**
 * Validates a service definition: its shape, that rules only name real questions and options, that
 * ids are unique, that every complete set of answers reaches a rule (no dead ends), and that no
 * hint or summary promises to pass the report to a body the rules do not send it to.
 * Errors name the source file and the path inside it.
 */
export function loadService(source: string, raw: unknown): ServiceDefinition {
  const parsed = serviceSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = shapeFaults(parsed.error.issues).map(
      (i) => `  at ${i.path.join(".") || "(root)"}: ${i.message}`,
    );
    throw new ServiceDefinitionError(`${source} is not a valid service definition:\n${lines.join("\n")}`);
  }
  const service = parsed.data;
  const problems: string[] = [];

  const questionIds = new Set<string>();
  service.questions.forEach((q, qi) => {
    if (questionIds.has(q.id)) problems.push(`questions.${qi}.id: "${q.id}" is used twice`);
    questionIds.add(q.id);
    const values = new Set<string>();
    q.options.forEach((o, oi) => {
      if (values.has(o.value))
        problems.push(`questions.${qi}.options.${oi}.value: "${o.value}" is used twice`);
      values.add(o.value);
    });
  });

  const ruleIds = new Set<string>();
  service.rules.forEach((rule, ri) => {
    if (ruleIds.has(rule.id)) problems.push(`rules.${ri}.id: "${rule.id}" is used twice`);
    ruleIds.add(rule.id);
    for (const [questionId, accepted] of Object.entries(rule.when)) {
      const question = service.questions.find((q) => q.id === questionId);
      if (!question) {
        problems.push(`rules.${ri}.when.${questionId}: no question has this id`);
        continue;
      }
      for (const value of accepted) {
        if (!question.options.some((o) => o.value === value)) {
          problems.push(`rules.${ri}.when.${questionId}: "${value}" is not an option of that question`);
        }
      }
    }
  });

  // GOV.UK marks optional fields, not required ones: a description a resident may leave out says so.
  const { description, when, roadName } = service.details;
  const optionals: Array<[string, { label: string } | undefined]> = [
    ["description", description.required === false ? description : undefined],
    ["when", when],
    ["roadName", roadName],
  ];
  for (const [field, text] of optionals) {
    if (text && !text.label.endsWith("(optional)"))
      problems.push(`details.${field}.label: an optional field's label must end "(optional)"`);
  }

  if (problems.length === 0) {
    for (const answers of allAnswerCombinations(service)) {
      try {
        evaluateRules(service, answers);
      } catch {
        problems.push(`rules: no rule matches the answers ${JSON.stringify(answers)}`);
        break;
      }
    }
    problems.push(...promiseProblems(service));
  }

  if (problems.length > 0) {
    throw new ServiceDefinitionError(
      `${source} is not a valid service definition:\n  at ${problems.join("\n  at ")}`,
    );
  }
  return service;
}

type Issue = { path: PropertyKey[]; message: string; code?: string; errors?: Issue[][] };

/**
 * The faults to name for a shape error. A rule is a route or a signpost (a union), whose own error
 * says only "Invalid input": the faults of the kind whose keys the rule has are the useful ones.
 */
function shapeFaults(issues: readonly Issue[], prefix: PropertyKey[] = []): Issue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    const matching = issue.errors?.filter((option) => !option.some((i) => i.code === "unrecognized_keys"));
    if (issue.code === "invalid_union" && matching?.length === 1 && matching[0])
      return shapeFaults(matching[0], path);
    return [{ ...issue, path }];
  });
}

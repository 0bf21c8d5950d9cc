import type { RouteTarget } from "../bodies/roles.js";
import type { FieldIssue } from "../errors.js";
import type { Rule, ServiceDefinition, Signpost } from "./service-schema.js";

export type Answers = Readonly<Record<string, string>>;

export type RuleOutcome =
  | { kind: "route"; to: RouteTarget; rule: Rule }
  | { kind: "signpost"; signpost: Signpost; rule: Rule }
  /** The rules cannot decide until this question is answered. */
  | { kind: "needs-answer"; questionId: string };

/**
 * Walks the rules in order. A rule whose answered conditions all hold but which depends on an
 * unanswered question stops the walk: the next question (in the service's order) must be answered
 * before any later rule may apply, so skipping a page can never route a report the rules would not
 * accept. Only a signpost ends the questions early.
 */
export function evaluateRules(service: ServiceDefinition, answers: Answers): RuleOutcome {
  for (const rule of service.rules) {
    let unanswered: string | undefined;
    let holds = true;
    for (const [questionId, accepted] of Object.entries(rule.when)) {
      const answer = answers[questionId];
      if (answer === undefined) unanswered ??= questionId;
      else if (!accepted.includes(answer)) {
        holds = false;
        break;
      }
    }
    if (!holds) continue;
    if (unanswered)
      return { kind: "needs-answer", questionId: firstUnanswered(service, answers) ?? unanswered };
    if ("signpost" in rule) return { kind: "signpost", signpost: rule.signpost, rule };
    // A route needs every question answered, including ones no rule looks at (they tell the council
    // what the report is about); a signpost may end the questions early.
    const missing = firstUnanswered(service, answers);
    if (missing) return { kind: "needs-answer", questionId: missing };
    return { kind: "route", to: rule.route, rule };
  }
  // loadService proves every complete set of answers matches a rule, so this is a partial set.
  const next = service.questions.find((q) => answers[q.id] === undefined);
  if (next) return { kind: "needs-answer", questionId: next.id };
  throw new Error(`Service ${service.id}: no rule matched ${JSON.stringify(answers)}`);
}

/** Questions are asked in the order the service lists them. */
function firstUnanswered(service: ServiceDefinition, answers: Answers): string | undefined {
  return service.questions.find((q) => answers[q.id] === undefined)?.id;
}

/** Unknown questions and answers that are not one of a question's options. */
export function checkAnswers(service: ServiceDefinition, answers: Answers): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [questionId, answer] of Object.entries(answers)) {
    const question = service.questions.find((q) => q.id === questionId);
    if (!question) {
      issues.push({
        field: `answers.${questionId}`,
        message: `"${questionId}" is not a question of this service`,
      });
    } else if (!question.options.some((o) => o.value === answer)) {
      const allowed = question.options.map((o) => o.value).join(", ");
      issues.push({ field: `answers.${questionId}`, message: `Answer must be one of: ${allowed}` });
    }
  }
  return issues;
}

import type { FieldIssue } from "../errors.js";
import type { Rule, ServiceDefinition, Signpost } from "./service-schema.js";

export type Answers = Readonly<Record<string, string>>;

export type RuleOutcome =
  | { kind: "route"; to: "parish" | "district"; rule: Rule }
  | { kind: "signpost"; signpost: Signpost; rule: Rule }
  /** The rules cannot decide until this question is answered. */
  | { kind: "needs-answer"; questionId: string };

/**
 * Walks the rules in order. A rule whose answered conditions all hold but which depends on an
 * unanswered question stops the walk: that question must be answered before any later rule may
 * apply, so skipping a page can never route a report the rules would not accept.
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
    if (unanswered) return { kind: "needs-answer", questionId: unanswered };
    return "route" in rule
      ? { kind: "route", to: rule.route, rule }
      : { kind: "signpost", signpost: rule.signpost, rule };
  }
  // loadService proves every complete set of answers matches a rule, so this is a partial set.
  const next = service.questions.find((q) => answers[q.id] === undefined);
  if (next) return { kind: "needs-answer", questionId: next.id };
  throw new Error(`Service ${service.id}: no rule matched ${JSON.stringify(answers)}`);
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

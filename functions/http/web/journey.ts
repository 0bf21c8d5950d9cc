import { evaluateRules } from "#core/routing/evaluate-rules.js";
import type { ServiceDefinition } from "#core/routing/service-schema.js";
import type { JourneyState } from "./journey-state.js";
import { paths } from "./paths.js";

export type Step =
  | { kind: "question"; questionId: string }
  | { kind: "signpost"; ruleId: string }
  | { kind: "location" }
  | { kind: "details" }
  | { kind: "contact" }
  | { kind: "check" };

/**
 * Where the journey stands: the first step not yet done, decided by the same rules the intake
 * uses. A page asked for out of order redirects here, so skipping pages by URL gets nowhere.
 */
export function nextStep(service: ServiceDefinition, state: JourneyState): Step {
  const outcome = evaluateRules(service, state.answers);
  if (outcome.kind === "needs-answer") return { kind: "question", questionId: outcome.questionId };
  if (outcome.kind === "signpost") return { kind: "signpost", ruleId: outcome.rule.id };
  if (!state.location) return { kind: "location" };
  if (!state.details) return { kind: "details" };
  if (!state.contact) return { kind: "contact" };
  return { kind: "check" };
}

export function stepPath(service: ServiceDefinition, step: Step): string {
  switch (step.kind) {
    case "question":
      return paths.question(service.id, step.questionId);
    case "signpost":
      return paths.signpost(service.id, step.ruleId);
    case "location":
      return paths.location(service.id);
    case "details":
      return paths.details(service.id);
    case "contact":
      return paths.contact(service.id);
    case "check":
      return paths.check(service.id);
  }
}

const ORDER: Step["kind"][] = ["question", "location", "details", "contact", "check"];

/** May this step be shown now? Only if every step before it is done. */
export function isReachable(service: ServiceDefinition, state: JourneyState, step: Step): boolean {
  const next = nextStep(service, state);
  if (step.kind === "question") {
    // Answered questions can always be revisited (a signposted resident can go back and change
    // their answer); the next unanswered one can be shown.
    const asked = state.answers[step.questionId] !== undefined;
    return asked || (next.kind === "question" && next.questionId === step.questionId);
  }
  if (next.kind === "signpost") return step.kind === "signpost" && step.ruleId === next.ruleId;
  if (step.kind === "signpost") return false;
  return ORDER.indexOf(step.kind) <= ORDER.indexOf(next.kind);
}

/** The question asked just before this one (for back links), in the order the rules asked them. */
export function previousQuestion(service: ServiceDefinition, state: JourneyState, questionId: string) {
  const asked = service.questions.filter((q) => state.answers[q.id] !== undefined).map((q) => q.id);
  const index = asked.indexOf(questionId);
  if (index > 0) return asked[index - 1];
  if (index === -1 && asked.length > 0) return asked[asked.length - 1];
  return undefined;
}

/** The last question answered: the back link of the location page. */
export function lastQuestion(service: ServiceDefinition, state: JourneyState): string | undefined {
  return service.questions.filter((q) => state.answers[q.id] !== undefined).at(-1)?.id;
}

import type { ServiceDefinition } from "./service-schema.js";

/** Every complete set of answers, one option of each question. */
export function* allAnswerCombinations(service: ServiceDefinition): Generator<Record<string, string>> {
  const walk = function* (index: number, acc: Record<string, string>): Generator<Record<string, string>> {
    const question = service.questions[index];
    if (!question) {
      yield { ...acc };
      return;
    }
    for (const option of question.options) yield* walk(index + 1, { ...acc, [question.id]: option.value });
  };
  yield* walk(0, {});
}

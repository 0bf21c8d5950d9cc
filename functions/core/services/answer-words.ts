import type { ServiceDefinition } from "../routing/service-schema.js";

/** One answer as people read it, with the codes kept for links and exports. */
export interface AnswerWords {
  questionId: string;
  /** The question as the resident was asked it: "What kind of road is it?". */
  question: string;
  value: string;
  /** The option's label: "A main road between towns or villages". */
  answer: string;
}

/**
 * A case's answers in the service's words, in the order the service asks its questions; an answer
 * to a question the service no longer has (or a value it no longer offers) is kept, shown as stored.
 */
export function answerWords(
  service: Pick<ServiceDefinition, "questions"> | undefined,
  answers: Readonly<Record<string, string>>,
): AnswerWords[] {
  const questions = service?.questions ?? [];
  const known = questions
    .filter((q) => answers[q.id] !== undefined)
    .map((q) => {
      const value = answers[q.id] as string;
      return {
        questionId: q.id,
        question: q.title,
        value,
        answer: q.options.find((o) => o.value === value)?.label ?? value,
      };
    });
  const unknown = Object.entries(answers)
    .filter(([id]) => !questions.some((q) => q.id === id))
    .map(([id, value]) => ({ questionId: id, question: id, value, answer: value }));
  return [...known, ...unknown];
}

/** A service's name, or its id if the deployment no longer has it. */
export function serviceName(services: readonly Pick<ServiceDefinition, "id" | "name">[], id: string): string {
  return services.find((s) => s.id === id)?.name ?? id;
}

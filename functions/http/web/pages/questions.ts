import { isReachable, lastQuestion, nextStep, previousQuestion, stepPath } from "../journey.js";
import { paths } from "../paths.js";
import { type PageContext, type PageResult, page, redirect } from "../web-types.js";
import { afterStep, backTo } from "./navigation.js";

/** One routing question per page, as GOV.UK radios, generated from the service definition. */
export function questionPage(ctx: PageContext, questionId: string): PageResult {
  const { service, journey, request } = ctx;
  const question = service.questions.find((q) => q.id === questionId);
  if (!question) return redirect(stepPath(service, nextStep(service, journey)));
  if (!isReachable(service, journey, { kind: "question", questionId })) {
    return redirect(stepPath(service, nextStep(service, journey)));
  }

  let errors: Array<{ field: string; message: string }> = [];
  if (request.method === "POST") {
    const answer = request.form[question.id];
    if (answer !== undefined && question.options.some((o) => o.value === answer)) {
      journey.answers[question.id] = answer;
      return afterStep(ctx);
    }
    errors = [{ field: question.id, message: question.errorMessage }];
  }

  const previous = previousQuestion(service, journey, question.id);
  return page(
    "question.njk",
    {
      title: question.title,
      question,
      selected: journey.answers[question.id],
      backLink: backTo(ctx, previous ? paths.question(service.id, previous) : paths.start(service.id)),
    },
    errors,
  );
}

/** The end of the road for answers that need someone else: say who, store nothing. */
export function signpostPage(ctx: PageContext, ruleId: string): PageResult {
  const { service, journey } = ctx;
  const rule = service.rules.find((r) => r.id === ruleId);
  if (!rule || !("signpost" in rule) || !isReachable(service, journey, { kind: "signpost", ruleId })) {
    return redirect(stepPath(service, nextStep(service, journey)));
  }
  // Back to the question whose answer led here, so the resident can change it.
  const asked = service.questions.filter((q) => q.id in rule.when).map((q) => q.id);
  const last = asked.at(-1) ?? lastQuestion(service, journey);
  return page("signpost.njk", {
    title: rule.signpost.title,
    signpost: rule.signpost,
    backLink: last ? paths.question(service.id, last) : paths.start(service.id),
  });
}

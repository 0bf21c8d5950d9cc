import { nextStep, stepPath } from "../journey.js";
import { paths, withChange } from "../paths.js";
import { type PageContext, type PageResult, redirect } from "../web-types.js";

/**
 * Where to go after a page is answered: back to check answers when the resident came from a
 * Change link and the journey is still complete, otherwise to the next step the rules need.
 */
export function afterStep(ctx: PageContext): PageResult {
  const next = nextStep(ctx.service, ctx.journey);
  if (next.kind === "check" || next.kind === "signpost") return redirect(stepPath(ctx.service, next));
  // A changed answer may need a new question; keep the Change context so it returns afterwards.
  return redirect(withChange(stepPath(ctx.service, next), ctx.change));
}

/** The back link: check answers when changing, else the previous page. */
export function backTo(ctx: PageContext, previous: string): string {
  return ctx.change ? paths.check(ctx.service.id) : previous;
}

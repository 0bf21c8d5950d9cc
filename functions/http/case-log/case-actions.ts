import type { Case } from "#core/case/case.js";
import { ForbiddenError, ValidationError } from "#core/errors.js";
import { CASE_STATUSES } from "#core/ports/case-store.js";
import type { CaseLogContext, CaseLogResult } from "./case-log-types.js";
import { casePage, visibleCase } from "./case-page.js";
import { notFound, staffPaths } from "./paths.js";
import { actorOf } from "./role-view.js";

/** What staff do from a case page: each action redirects back to the case, or shows its errors. */

/** Runs an action; a ValidationError shows the case page again with the messages. */
async function act(
  ctx: CaseLogContext,
  action: (report: Case, actor: string) => Promise<unknown>,
): Promise<CaseLogResult> {
  const found = await visibleCase(ctx);
  if (!found || !ctx.identity) return notFound();
  try {
    await action(found, actorOf(ctx.identity));
  } catch (error) {
    if (error instanceof ValidationError) {
      return casePage(
        ctx,
        error.issues.map((i) => ({ field: i.field, message: i.message })),
        ctx.request.form,
      );
    }
    throw error;
  }
  return { kind: "redirect", location: staffPaths.case(found.reference) };
}

export const statusPost = (ctx: CaseLogContext) =>
  act(ctx, (report, actor) => {
    const { form } = ctx.request;
    const to = CASE_STATUSES.find((s) => s === form.status);
    if (!to) throw new ValidationError([{ field: "status", message: "Select the new status" }]);
    // The form's key stores a public update once however often the form is sent.
    const key = form._key ?? "";
    if (form.publicUpdate?.trim() && !/^[0-9a-f-]{36}$/.test(key))
      throw new ValidationError([{ field: "publicUpdate", message: "Reload the page and try again" }]);
    return ctx.deps.actions.changeStatus(report.reference, to, form.reason ?? "", actor, {
      ...forParish(ctx),
      publicUpdate: {
        text: form.publicUpdate ?? "",
        ...(form.publicStatus ? { status: form.publicStatus } : {}),
      },
      ...(key ? { actionKey: key } : {}),
    });
  });

export const notePost = (ctx: CaseLogContext) =>
  act(ctx, (report, actor) => {
    const key = ctx.request.form._key ?? "";
    if (!/^[0-9a-f-]{36}$/.test(key))
      throw new ValidationError([{ field: "note", message: "Reload the page and try again" }]);
    return ctx.deps.actions.addNote(
      report.reference,
      ctx.request.form.note ?? "",
      actor,
      key,
      forParish(ctx),
    );
  });

/** Staff ticked "Show this to the parish council" (a clerk's own entries are theirs already). */
const forParish = (ctx: CaseLogContext) => ({
  visibleToParish: ctx.identity?.role === "staff" && ctx.request.form.visibleToParish === "yes",
});

export const redrivePost = (ctx: CaseLogContext) =>
  act(ctx, async (report, actor) => {
    if (ctx.identity?.role !== "staff" || !ctx.deps.redrive) {
      throw new ForbiddenError("Only district staff can send a case again.");
    }
    await ctx.deps.redrive(report.reference, actor);
  });

export const reroutePost = (ctx: CaseLogContext) =>
  act(ctx, async (report, actor) => {
    const area = ctx.deps.areas.find((a) => a.code === ctx.request.form.destination);
    if (ctx.identity?.role !== "staff") throw new ForbiddenError("Only district staff can re-route a case.");
    if (!area)
      throw new ValidationError([{ field: "destination", message: "Select where to send the case" }]);
    await ctx.deps.actions.reroute(
      report.reference,
      { kind: area.kind, code: area.code, name: area.name },
      actor,
    );
  });

import type { Case } from "#core/case/case.js";
import { ForbiddenError, ValidationError } from "#core/errors.js";
import { CASE_STATUSES } from "#core/ports/case-store.js";
import { stopProgressEmails } from "#core/use-cases/stop-progress-emails.js";
import { caseDone, type DoneCode } from "./case-banners.js";
import type { CaseLogContext, CaseLogResult } from "./case-log-types.js";
import { casePage, visibleCase } from "./case-page.js";
import { notFound, staffPaths } from "./paths.js";
import { rerouteConfirmation, rerouteTarget } from "./reroute-page.js";
import { actorOf, mayHaveContact } from "./role-view.js";

/** What staff do from a case page: each action redirects back to the case, or shows its errors. */

/**
 * Runs an action; a ValidationError shows the case page again with the messages. Done, it goes
 * back to the case with the banner `done` names for its result (none: no banner).
 */
async function act<T>(
  ctx: CaseLogContext,
  action: (report: Case, actor: string) => Promise<T>,
  done: (result: T) => DoneCode | undefined,
): Promise<CaseLogResult> {
  const found = await visibleCase(ctx);
  if (!found || !ctx.identity) return notFound();
  let code: DoneCode | undefined;
  try {
    code = done(await action(found, actorOf(ctx.identity)));
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
  const location = code ? caseDone(found.reference, code) : staffPaths.case(found.reference);
  return { kind: "redirect", location };
}

export const statusPost = (ctx: CaseLogContext) =>
  act(
    ctx,
    (report, actor) => {
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
        // Acted on only if the resident asked for progress emails (the core checks again).
        ...(form.emailResident === "yes" ? { emailResident: true } : {}),
      });
    },
    (result) => {
      if (result === "changed") return "status";
      return ctx.request.form.publicUpdate?.trim() ? "public-update" : undefined;
    },
  );

export const notePost = (ctx: CaseLogContext) =>
  act(
    ctx,
    (report, actor) => {
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
    },
    () => "note",
  );

/** Staff ticked "Show this to the parish council" (a clerk's own entries are theirs already). */
const forParish = (ctx: CaseLogContext) => ({
  visibleToParish: ctx.identity?.role === "staff" && ctx.request.form.visibleToParish === "yes",
});

export const redrivePost = (ctx: CaseLogContext) =>
  act(
    ctx,
    async (report, actor) => {
      if (ctx.identity?.role !== "staff" || !ctx.deps.redrive) {
        throw new ForbiddenError("Only council staff can send a case again.");
      }
      return ctx.deps.redrive(report.reference, actor);
    },
    (result) => (result === "redriven" ? "sent-again" : undefined),
  );

/**
 * Stops progress emails at the resident's request. A clerk may only where the resident shared
 * their details with the clerk's council: anyone else is never told the resident asked for them.
 */
export const stopProgressEmailsPost = (ctx: CaseLogContext) =>
  act(
    ctx,
    (report, actor) => {
      if (!ctx.identity || !mayHaveContact(ctx.identity, report)) {
        throw new ForbiddenError("Only council staff can stop this resident's progress emails.");
      }
      return stopProgressEmails(ctx.deps, report, "asked", actor);
    },
    (result) => (result === "stopped" ? "progress-emails-stopped" : undefined),
  );

/**
 * Re-routes the case once staff confirm, with their reason (the confirmation page's form). A
 * mistake in the reason shows the confirmation page again; a destination no longer offered, or a
 * case someone else moved meanwhile, shows the case page with the choice to make again.
 */
export async function reroutePost(ctx: CaseLogContext): Promise<CaseLogResult> {
  if (ctx.identity?.role !== "staff") throw new ForbiddenError("Only council staff can re-route a case.");
  const found = await visibleCase(ctx);
  if (!found) return notFound();
  const { form } = ctx.request;
  const area = rerouteTarget(ctx, found, form.destination, true);
  if (!area.ok) return casePage(ctx, [area.error], {});
  try {
    await ctx.deps.actions.reroute(
      found.reference,
      { kind: area.to.kind, code: area.to.code, name: area.to.name },
      form.reason ?? "",
      actorOf(ctx.identity),
      form.from ? { from: form.from } : {},
    );
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const issues = error.issues.map((i) => ({ field: i.field, message: i.message }));
    if (issues.some((i) => i.field === "destination")) return casePage(ctx, issues, {});
    return rerouteConfirmation(ctx, found, area.to, issues, { reason: form.reason ?? "" });
  }
  return { kind: "redirect", location: caseDone(found.reference, "rerouted") };
}

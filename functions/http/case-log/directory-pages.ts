import type { Destination } from "#core/case/case.js";
import { UpstreamError } from "#core/errors.js";
import {
  type OverrideChange,
  OverrideConflictError,
  type OverrideValues,
} from "#core/ports/directory-overrides.js";
import type { FieldError } from "../form-errors.js";
import { page, redirect } from "../page-result.js";
import type { CaseLogContext, CaseLogResult, ClerkDirectoryAdmin } from "./case-log-types.js";
import { overrideForm, readForm, removeForm } from "./directory-forms.js";
import { attentionSummary, directoryRow, londonTime } from "./directory-view.js";
import { notFound, staffPaths } from "./paths.js";
import { actorOf } from "./role-view.js";

// The clerk directory: a council's staff only, and its own parishes only. To a clerk (or where the
// function has no directory) every directory path is "not found", as other staff-only pages are, and
// a POST changes nothing. Another council's parish is "not found" too, as another council's case is:
// `deps.areas` holds the signed-in person's council's parishes and no other's.

/** What a finished action says in the notification banner (the redirect names it). */
const DONE: Record<string, string> = {
  // Not "from now on": a function sending reports keeps the overrides it read for up to 30 seconds
  // (OverriddenDirectory) and a contact it read for up to 5 minutes (DynamoContactCache).
  set: "Override saved. Reports to this parish will go to it within a few minutes.",
  removed:
    "Override removed. Within a few minutes, reports to this parish will go to the address Modern.Gov gives.",
  refreshed: "Looked up in Modern.Gov again.",
};

const CHANGED_MEANWHILE =
  "Someone else changed this override while you were looking at it, so your change was not saved. Check the contact as it is now, then make your change again if it is still needed.";

interface Allowed {
  admin: ClerkDirectoryAdmin;
  actor: string;
}

function allowed(ctx: CaseLogContext): Allowed | undefined {
  const { identity, deps } = ctx;
  if (identity?.role !== "staff" || !deps.directory) return undefined;
  return { admin: deps.directory, actor: actorOf(identity) };
}

const parishes = (ctx: CaseLogContext) =>
  ctx.deps.areas.filter((a) => a.kind === "parish").sort((a, b) => a.name.localeCompare(b.name, "en-GB"));

const parishOf = (ctx: CaseLogContext): Destination | undefined =>
  ctx.deps.areas.find((a) => a.kind === "parish" && a.code === ctx.request.param);

export async function directoryPage(ctx: CaseLogContext): Promise<CaseLogResult> {
  const ok = allowed(ctx);
  if (!ok) return notFound();
  // Three queries in all, however many parishes.
  const [contacts, overrides, bounces] = await Promise.all([
    ok.admin.contacts.list(),
    ok.admin.overrides.list(),
    ok.admin.bounces.list(),
  ]);
  const rows = parishes(ctx).map((p) =>
    directoryRow(p, contacts.get(p.code), overrides.get(p.code), bounces.get(p.code)),
  );
  const attention = rows.filter((r) => r.needsAttention);
  return page("directory.njk", {
    title: "Clerk directory",
    section: "directory",
    identity: ctx.identity,
    rows,
    attention: attention.map((r) => ({ name: r.name, href: r.href })),
    summary: attentionSummary(attention.length),
    total: rows.length,
  });
}

export async function parishDirectoryPage(
  ctx: CaseLogContext,
  errors: FieldError[] = [],
  values: Record<string, string> = {},
  status?: number,
): Promise<CaseLogResult> {
  const ok = allowed(ctx);
  const parish = parishOf(ctx);
  if (!ok || !parish) return notFound();
  // The same reads as the list (not the contact cache's per-process memo), so both pages agree.
  const [contacts, override, bounces, history] = await Promise.all([
    ok.admin.contacts.list(),
    ok.admin.overrides.get(parish.code),
    ok.admin.bounces.list(),
    ok.admin.overrides.history(parish.code),
  ]);
  const cached = contacts.get(parish.code);
  const row = directoryRow(parish, cached, override, bounces.get(parish.code));
  const done = errors.length ? undefined : DONE[ctx.request.query.get("done") ?? ""];
  return page(
    "directory-parish.njk",
    {
      title: `${parish.name}: clerk directory`,
      section: "directory",
      identity: ctx.identity,
      parish,
      row,
      done,
      override: override && { ...override, setAt: londonTime(override.setAt) },
      // The version this page shows, posted back with a change (empty: no override).
      version: override?.version ?? "",
      // What Modern.Gov had when last asked, shown under an override so staff can compare.
      modernGov: override && cached?.lookup.contact,
      history: history.map(historyLine),
      formValues: {
        councilName: override?.councilName ?? row.councilName ?? `${parish.name} Parish Council`,
        email: override?.email ?? "",
        clerkName: override?.clerkName ?? "",
        phone: override?.phone ?? "",
        ...values,
      },
      actions: {
        override: staffPaths.directoryOverride(parish.code),
        remove: staffPaths.directoryRemove(parish.code),
        refresh: staffPaths.directoryRefresh(parish.code),
      },
      back: staffPaths.directory,
    },
    errors,
    status,
  );
}

export async function setOverridePost(ctx: CaseLogContext): Promise<CaseLogResult> {
  const ok = allowed(ctx);
  const parish = parishOf(ctx);
  if (!ok || !parish) return notFound();
  const { data, errors } = readForm(overrideForm, ctx.request.form);
  if (errors) return parishDirectoryPage(ctx, errors, ctx.request.form);
  try {
    await ok.admin.overrides.set(
      {
        parishCode: parish.code,
        councilName: data.councilName ?? `${parish.name} Parish Council`,
        email: data.email,
        ...(data.clerkName ? { clerkName: data.clerkName } : {}),
        ...(data.phone ? { phone: data.phone } : {}),
        reason: data.reason,
        setBy: ok.actor,
        setAt: ctx.deps.clock.now().toISOString(),
      },
      data.version,
    );
  } catch (error) {
    if (!(error instanceof OverrideConflictError)) throw error;
    // What they typed is kept, against the override as it is now.
    const { version: _, ...typed } = ctx.request.form;
    return parishDirectoryPage(ctx, [{ field: "override-form", message: CHANGED_MEANWHILE }], typed, 409);
  }
  return redirect(`${staffPaths.directoryParish(parish.code)}?done=set`);
}

export async function removeOverridePage(
  ctx: CaseLogContext,
  errors: FieldError[] = [],
  values: Record<string, string> = {},
): Promise<CaseLogResult> {
  const ok = allowed(ctx);
  const parish = parishOf(ctx);
  if (!ok || !parish) return notFound();
  const override = await ok.admin.overrides.get(parish.code);
  if (!override) return redirect(staffPaths.directoryParish(parish.code));
  return page(
    "directory-remove.njk",
    {
      title: `Remove the override for ${parish.name}`,
      section: "directory",
      identity: ctx.identity,
      parish,
      override,
      action: staffPaths.directoryRemove(parish.code),
      version: override.version ?? "",
      back: staffPaths.directoryParish(parish.code),
      values,
    },
    errors,
  );
}

export async function removeOverridePost(ctx: CaseLogContext): Promise<CaseLogResult> {
  const ok = allowed(ctx);
  const parish = parishOf(ctx);
  if (!ok || !parish) return notFound();
  const { data, errors } = readForm(removeForm, ctx.request.form);
  if (errors) return removeOverridePage(ctx, errors, ctx.request.form);
  try {
    await ok.admin.overrides.remove(
      parish.code,
      { actor: ok.actor, at: ctx.deps.clock.now().toISOString(), reason: data.removeReason },
      data.version,
    );
  } catch (error) {
    if (!(error instanceof OverrideConflictError)) throw error;
    return parishDirectoryPage(ctx, [{ field: "contact", message: CHANGED_MEANWHILE }], {}, 409);
  }
  return redirect(`${staffPaths.directoryParish(parish.code)}?done=removed`);
}

export async function refreshPost(ctx: CaseLogContext): Promise<CaseLogResult> {
  const ok = allowed(ctx);
  const parish = parishOf(ctx);
  if (!ok || !parish) return notFound();
  try {
    // Through the staff member's own council's Modern.Gov: the parish is one of its parishes.
    await ok.admin.refresh({ code: parish.code, name: parish.name }, ctx.deps.council);
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    const message =
      "Modern.Gov could not be reached, so nothing was changed. The contact below is the one last found. Try again later.";
    return parishDirectoryPage(ctx, [{ field: "refresh", message }], {}, 503);
  }
  return redirect(`${staffPaths.directoryParish(parish.code)}?done=refreshed`);
}

const FIELD_NAMES: Record<keyof OverrideValues, string> = {
  councilName: "Council",
  email: "Email",
  clerkName: "Clerk",
  phone: "Phone",
};

/** One audit entry in words: what changed, field by field. */
function historyLine(change: OverrideChange) {
  const fields = Object.keys(FIELD_NAMES) as Array<keyof OverrideValues>;
  const changes =
    change.action === "removed"
      ? [`Removed the override (it was ${change.before?.email ?? "no address"})`]
      : fields
          .filter((f) => (change.before?.[f] ?? "") !== (change.after?.[f] ?? ""))
          .map((f) =>
            change.before?.[f]
              ? `${FIELD_NAMES[f]}: ${change.before[f]} → ${change.after?.[f] ?? "(none)"}`
              : `${FIELD_NAMES[f]}: ${change.after?.[f] ?? ""}`,
          );
  return {
    when: londonTime(change.at),
    who: change.actor,
    action: change.action === "removed" ? "Removed" : change.before ? "Changed" : "Set",
    changes: changes.length ? changes : ["No change to the contact"],
    reason: change.reason,
  };
}

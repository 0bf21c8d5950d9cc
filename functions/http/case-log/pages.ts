import type { Case, CaseStatus } from "#core/case/case.js";
import { ValidationError } from "#core/errors.js";
import { allowedStatusChanges } from "#core/use-cases/staff-actions.js";
import { toCsv } from "./csv.js";
import { caseMapSvg } from "./svg-map.js";
import { randomUUID } from "node:crypto";
import { parseReference } from "#core/case/reference.js";
import { CASE_STATUSES, CURSOR_PATTERN } from "#core/ports/case-store.js";
import type { FieldError } from "../web/form-errors.js";
import { errorView } from "../web/form-errors.js";
import { type CaseLogContext, type CaseLogResult, canSee } from "./case-log-types.js";
import { clearStaffCookie, STAFF_SESSION_COOKIE, staffCookie } from "./staff-cookies.js";

export const staffPaths = {
  signIn: "/staff/sign-in",
  signOut: "/staff/sign-out",
  cases: "/staff/cases",
  case: (reference: string) => `/staff/cases/${reference}`,
  counts: "/staff/cases/counts.json",
  csv: "/staff/cases.csv",
  status: (reference: string) => `/staff/cases/${reference}/status`,
  notes: (reference: string) => `/staff/cases/${reference}/notes`,
  redrive: (reference: string) => `/staff/cases/${reference}/redrive`,
  reroute: (reference: string) => `/staff/cases/${reference}/reroute`,
} as const;

export const statusLabels: Record<CaseStatus, string> = {
  new: "New",
  "in-progress": "In progress",
  closed: "Closed",
};

const page = (
  view: string,
  context: Record<string, unknown>,
  errors: FieldError[] = [],
  status?: number,
): CaseLogResult => ({
  kind: "page",
  view,
  context: { ...context, ...errorView(errors) },
  ...(status ? { status } : errors.length > 0 ? { status: 400 } : {}),
});

export const notFound = (): CaseLogResult =>
  page("message.njk", { title: "Page not found", message: "There is no such page or case." }, [], 404);

export function signInPage(): CaseLogResult {
  return page("sign-in.njk", { title: "Sign in", values: {} });
}

export async function signInPost({ deps, request }: CaseLogContext): Promise<CaseLogResult> {
  const email = (request.form.email ?? "").trim();
  const password = request.form.password ?? "";
  const errors: FieldError[] = [];
  if (!email) errors.push({ field: "email", message: "Enter your email address" });
  if (!password) errors.push({ field: "password", message: "Enter your password" });
  if (errors.length === 0) {
    const tokens =
      email.length <= 254 && password.length <= 256 ? await deps.signIn(email, password) : undefined;
    const identity = tokens && (await deps.verifier.verify(tokens.idToken));
    if (tokens && identity) {
      const seconds = Math.min(tokens.expiresIn, identity.expiresAt - Math.floor(Date.now() / 1000));
      return {
        kind: "redirect",
        location: staffPaths.cases,
        cookies: [staffCookie(STAFF_SESSION_COOKIE, tokens.idToken, seconds, deps.cookieSecure)],
      };
    }
    // One message for a wrong email, a wrong password and a user with no case-log role.
    errors.push({ field: "email", message: "Enter a correct email address and password" });
  }
  return page(
    "sign-in.njk",
    { title: "Sign in", values: { email } },
    errors,
    errors.length ? 400 : undefined,
  );
}

export function signOutPost({ deps }: CaseLogContext): CaseLogResult {
  return {
    kind: "redirect",
    location: `${staffPaths.signIn}?signed-out=1`,
    cookies: [clearStaffCookie(STAFF_SESSION_COOKIE, deps.cookieSecure)],
  };
}

/** Filters from the query string, each checked against what it may be; anything else is ignored. */
export function readFilters(ctx: CaseLogContext) {
  const { query } = ctx.request;
  const status = CASE_STATUSES.find((s) => s === query.get("status"));
  const requested = ctx.deps.areas.find((a) => a.code === query.get("destination"))?.code;
  // A clerk's list is always their own parish, whatever the URL says.
  const destination = ctx.identity?.role === "clerk" ? (ctx.identity.parish ?? "none") : requested;
  const cursorParam = query.get("after") ?? "";
  const cursor = CURSOR_PATTERN.test(cursorParam) ? cursorParam : undefined;
  return { status, destination, cursor };
}

export async function casesPage(ctx: CaseLogContext): Promise<CaseLogResult> {
  const { deps, identity } = ctx;
  const { status, destination, cursor } = readFilters(ctx);
  const limit = deps.pageSize ?? 50;
  const [result, counts] = await Promise.all([
    deps.caseStore.listCases({
      limit,
      ...(status ? { status } : {}),
      ...(destination ? { destination } : {}),
      ...(cursor ? { cursor } : {}),
    }),
    identity?.role === "staff" ? deps.caseStore.countByStatus() : undefined,
  ]);
  const filterQuery = (extra: Record<string, string>) => {
    const params = new URLSearchParams();
    if (status) params.set("status", status);
    if (destination && identity?.role === "staff") params.set("destination", destination);
    for (const [k, v] of Object.entries(extra)) params.set(k, v);
    const text = params.toString();
    return text ? `${staffPaths.cases}?${text}` : staffPaths.cases;
  };
  return page("cases.njk", {
    title: "Cases",
    identity,
    rows: result.cases.map((c) => caseRow(c)),
    counts: counts && CASE_STATUSES.map((s) => ({ status: s, label: statusLabels[s], count: counts[s] })),
    statusOptions: [
      { value: "", text: "Any status", selected: !status },
      ...CASE_STATUSES.map((s) => ({ value: s, text: statusLabels[s], selected: s === status })),
    ],
    destinationOptions:
      identity?.role === "staff"
        ? [
            { value: "", text: "Anywhere", selected: !destination },
            ...deps.areas.map((a) => ({ value: a.code, text: a.name, selected: a.code === destination })),
          ]
        : undefined,
    csvHref: filterQuery({}).replace(staffPaths.cases, staffPaths.csv),
    nextHref: result.next ? filterQuery({ after: result.next }) : undefined,
    firstHref: cursor ? filterQuery({}) : undefined,
  });
}

function caseRow(c: Case) {
  return {
    reference: c.reference,
    href: staffPaths.case(c.reference),
    createdAt: c.createdAt,
    created: formatTime(c.createdAt),
    service: c.service,
    status: statusLabels[c.status],
    delivery: c.delivery,
    destination: c.destination.name,
  };
}

/** The case the path names, if this person may see it. */
async function visibleCase(ctx: CaseLogContext): Promise<Case | undefined> {
  const reference = parseReference(ctx.request.param);
  const found = reference ? await ctx.deps.caseStore.get(reference) : undefined;
  return found && ctx.identity && canSee(ctx.identity, found) ? found : undefined;
}

export async function casePage(
  ctx: CaseLogContext,
  errors: FieldError[] = [],
  values: Record<string, string> = {},
): Promise<CaseLogResult> {
  const { deps, identity } = ctx;
  const found = await visibleCase(ctx);
  if (!found || !identity) return notFound();
  const timeline = await deps.caseStore.timeline(found.reference);
  // The resident's details: all staff; a clerk only where the resident agreed to share them.
  const showReporter = identity.role === "staff" || found.reporter?.shareWithParish === true;
  return page(
    "case.njk",
    {
      title: `Case ${found.reference}`,
      identity,
      report: found,
      status: statusLabels[found.status],
      created: formatTime(found.createdAt),
      answers: Object.entries(found.answers).map(([question, answer]) => ({ question, answer })),
      reporter: showReporter ? found.reporter : undefined,
      timeline: timeline.map((e) => ({ ...e, when: formatTime(e.at) })),
      statusChoices: allowedStatusChanges[found.status].map((s) => ({
        value: s,
        text: statusLabels[s],
        checked: values.status === s,
      })),
      noteKey: randomUUID(),
      canRedrive:
        deps.redrive !== undefined &&
        identity.role === "staff" &&
        ["failed", "unconfirmed"].includes(found.delivery),
      actions: {
        status: staffPaths.status(found.reference),
        notes: staffPaths.notes(found.reference),
        redrive: staffPaths.redrive(found.reference),
        reroute: staffPaths.reroute(found.reference),
      },
      mapSvg:
        deps.boundaries &&
        caseMapSvg(deps.boundaries, found.routing.area.code, found.location, found.routing.area.name),
      rerouteOptions:
        identity.role === "staff"
          ? deps.areas
              .filter((a) => a.code !== found.destination.code)
              .map((a) => ({ value: a.code, text: a.name, selected: values.destination === a.code }))
          : undefined,
      values,
    },
    errors,
  );
}

/** Runs an action; a ValidationError shows the case page again with the messages. */
async function act(
  ctx: CaseLogContext,
  action: (report: Case, actor: string) => Promise<unknown>,
): Promise<CaseLogResult> {
  const found = await visibleCase(ctx);
  if (!found || !ctx.identity) return notFound();
  try {
    await action(found, ctx.identity.sub);
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
    const to = CASE_STATUSES.find((s) => s === ctx.request.form.status);
    if (!to) throw new ValidationError([{ field: "status", message: "Select the new status" }]);
    return ctx.deps.actions.changeStatus(report.reference, to, ctx.request.form.reason ?? "", actor);
  });

export const notePost = (ctx: CaseLogContext) =>
  act(ctx, (report, actor) => {
    const key = ctx.request.form._key ?? "";
    if (!/^[0-9a-f-]{36}$/.test(key))
      throw new ValidationError([{ field: "note", message: "Reload the page and try again" }]);
    return ctx.deps.actions.addNote(report.reference, ctx.request.form.note ?? "", actor, key);
  });

export const redrivePost = (ctx: CaseLogContext) =>
  act(ctx, async (report, actor) => {
    if (ctx.identity?.role !== "staff" || !ctx.deps.redrive) {
      throw new ValidationError([{ field: "redrive", message: "Only district staff can send a case again" }]);
    }
    await ctx.deps.redrive(report.reference, actor);
  });

export const reroutePost = (ctx: CaseLogContext) =>
  act(ctx, async (report, actor) => {
    const area = ctx.deps.areas.find((a) => a.code === ctx.request.form.destination);
    if (ctx.identity?.role !== "staff") {
      throw new ValidationError([
        { field: "destination", message: "Only district staff can re-route a case" },
      ]);
    }
    if (!area)
      throw new ValidationError([{ field: "destination", message: "Select where to send the case" }]);
    await ctx.deps.actions.reroute(
      report.reference,
      { kind: area.kind, code: area.code, name: area.name },
      actor,
    );
  });

/** The current filter as CSV, newest first (at most MAX_CSV_ROWS rows), without residents' details. */
export const MAX_CSV_ROWS = 5000;

export async function csvData(ctx: CaseLogContext): Promise<CaseLogResult> {
  const { status, destination } = readFilters(ctx);
  const rows: Case[] = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.deps.caseStore.listCases({
      limit: Math.min(500, MAX_CSV_ROWS - rows.length),
      ...(status ? { status } : {}),
      ...(destination ? { destination } : {}),
      ...(cursor ? { cursor } : {}),
    });
    rows.push(...page.cases);
    cursor = page.next;
  } while (cursor && rows.length < MAX_CSV_ROWS);
  const body = toCsv(
    [
      "reference",
      "received",
      "service",
      "status",
      "email",
      "sent to",
      "destination code",
      "postcode",
      "road",
      "description",
    ],
    rows.map((c) => [
      c.reference,
      c.createdAt,
      c.service,
      c.status,
      c.delivery,
      c.destination.name,
      c.destination.code,
      c.location.postcode,
      c.location.roadName,
      c.description,
    ]),
  );
  return { kind: "data", status: 200, contentType: "text/csv; charset=utf-8", body, filename: "cases.csv" };
}

export async function countsData(ctx: CaseLogContext): Promise<CaseLogResult> {
  if (ctx.identity?.role !== "staff") {
    return { kind: "data", status: 403, contentType: "application/json", body: '{"error":"forbidden"}' };
  }
  const counts = await ctx.deps.caseStore.countByStatus();
  return {
    kind: "data",
    status: 200,
    contentType: "application/json; charset=utf-8",
    body: JSON.stringify(counts),
  };
}

function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString("en-GB", {
    timeZone: "Europe/London",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}

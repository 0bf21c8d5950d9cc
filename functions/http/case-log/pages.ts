import type { Case, CaseStatus } from "#core/case/case.js";
import { mayShareWith } from "#core/case/consent.js";
import { DEFAULT_PUBLIC_STATUS, PUBLIC_STATUSES, publicStatusesFor } from "#core/case/public-update.js";
import { parseReference } from "#core/case/reference.js";
import { ForbiddenError, ValidationError } from "#core/errors.js";
import { CASE_STATUSES } from "#core/ports/case-store.js";
import { allowedStatusChanges } from "#core/use-cases/staff-actions.js";
import type { FieldError } from "../form-errors.js";
import { page } from "../page-result.js";
import { type CaseLogContext, type CaseLogResult, canSee } from "./case-log-types.js";
import { clientDataView } from "./client-data-view.js";
import { toCsv } from "./csv.js";
import { districtMapFor } from "./district-map.js";
import { deliveryLabels, statusLabels } from "./labels.js";
import { ANY_PARISH, filterParams, readListFilters, toPageQuery } from "./list-filters.js";
import { notFound, staffPaths } from "./paths.js";
import {
  actorOf,
  sharedWithNames,
  visibleCase as caseAsSeenBy,
  visibleReporter,
  visibleTimeline,
} from "./role-view.js";
import { caseMapSvg } from "./svg-map.js";

export async function casesPage(ctx: CaseLogContext): Promise<CaseLogResult> {
  const { deps, identity } = ctx;
  const filters = readFilters(ctx);
  const limit = deps.pageSize ?? 50;
  const range = {
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
  };
  const { limit: _limit, cursor: _cursor, ...mapQuery } = toPageQuery(filters, limit);
  const [result, counts, districtMap] = await Promise.all([
    deps.caseStore.listCases(toPageQuery(filters, limit)),
    identity?.role === "staff" ? deps.caseStore.countByStatus(range) : undefined,
    filters.errors.length === 0 ? districtMapFor(ctx, mapQuery) : undefined,
  ]);
  const base = filterParams(filters, identity);
  const href = (path: string, extra: Record<string, string> = {}) => {
    const params = new URLSearchParams(base);
    for (const [k, v] of Object.entries(extra)) params.set(k, v);
    const text = params.toString();
    return text ? `${path}?${text}` : path;
  };
  return page(
    "cases.njk",
    {
      title: "Cases",
      identity,
      section: "cases",
      districtMap,
      rows: result.cases.map((c) => caseRow(c, deps.services)),
      counts:
        counts &&
        CASE_STATUSES.map((s) => ({
          status: s,
          label: statusLabels[s],
          count: counts[s],
          href: href(staffPaths.cases, { status: s }),
        })),
      countsForDates: Boolean(filters.from || filters.to),
      statusOptions: [
        { value: "", text: "Any status", selected: !filters.status },
        ...CASE_STATUSES.map((s) => ({ value: s, text: statusLabels[s], selected: s === filters.status })),
      ],
      sentToOptions:
        identity?.role === "staff"
          ? [
              { value: "", text: "Anywhere", selected: !filters.sentTo },
              { value: ANY_PARISH, text: "Any parish council", selected: filters.sentTo === ANY_PARISH },
              ...deps.areas.map((a) => ({
                value: a.code,
                text: a.kind === "district" ? `${a.name} (district council)` : a.name,
                selected: a.code === filters.sentTo,
              })),
            ]
          : undefined,
      emailOptions: [
        { value: "", text: "Any", selected: !filters.notSent },
        { value: "not-sent", text: "Not sent or not confirmed", selected: filters.notSent },
      ],
      serviceOptions: [
        { value: "", text: "Any service", selected: !filters.service },
        ...deps.services.map((s) => ({ value: s.id, text: s.name, selected: s.id === filters.service })),
      ],
      dates: filters.dates,
      csvHref: href(staffPaths.csv),
      nextHref: result.next ? href(staffPaths.cases, { after: result.next }) : undefined,
      firstHref: filters.cursor ? href(staffPaths.cases) : undefined,
    },
    filters.errors,
  );
}

function readFilters(ctx: CaseLogContext) {
  return readListFilters(ctx.request.query, {
    ...(ctx.identity ? { identity: ctx.identity } : {}),
    areas: ctx.deps.areas,
    services: ctx.deps.services,
  });
}

function caseRow(c: Case, services: readonly { id: string; name: string }[]) {
  return {
    reference: c.reference,
    href: staffPaths.case(c.reference),
    createdAt: c.createdAt,
    created: formatTime(c.createdAt),
    service: services.find((s) => s.id === c.service)?.name ?? c.service,
    status: statusLabels[c.status],
    delivery: deliveryLabels[c.delivery],
    destination: c.destination.name,
    // A rule would have sent the resident elsewhere; the list tags the case so staff see it.
    signposted: c.signpost !== undefined,
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
  const isStaff = identity.role === "staff";
  // The resident's details: all staff; a clerk only where the resident agreed to share them with
  // the clerk's own council.
  const reporter = visibleReporter(identity, found);
  const sharedWith = sharedWithNames(found, deps.areas);
  return page(
    "case.njk",
    {
      title: `Case ${found.reference}`,
      identity,
      isStaff,
      report: caseAsSeenBy(identity, found),
      status: statusLabels[found.status],
      delivery: deliveryLabels[found.delivery],
      recipient: isStaff ? found.recipient : undefined,
      created: formatTime(found.createdAt),
      answers: Object.entries(found.answers).map(([question, answer]) => ({ question, answer })),
      reporter,
      clientData: clientDataView(identity, found),
      consent: isStaff
        ? sharedWith.length
          ? `Agreed to share their details with ${sharedWith.join(", ")}`
          : "Did not agree to share their details with a parish council"
        : "Agreed to share their details with your council",
      timeline: visibleTimeline(timeline, identity, statusLabels).map((e) => ({
        ...e,
        when: formatTime(e.at),
      })),
      noteHint: isStaff
        ? "A parish clerk sees a note only if you tick “Show this to the parish council”. Do not tick it for a note that names anyone."
        : "District council staff can see your notes.",
      statusChoices: allowedStatusChanges[found.status].map((s) => ({
        value: s,
        text: statusLabels[s],
        checked: values.status === s,
      })),
      ...publicStatusView(allowedStatusChanges[found.status], values.publicStatus),
      statusKey: deps.ids.uuid(),
      noteKey: deps.ids.uuid(),
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
      rerouteOptions: isStaff
        ? deps.areas
            .filter((a) => a.code !== found.destination.code)
            .map((a) => ({
              value: a.code,
              text:
                a.kind === "parish" && mayShareWith(found, a)
                  ? `${a.name} (the resident agreed to share their details with it)`
                  : a.name,
              selected: values.destination === a.code,
            }))
        : undefined,
      values,
    },
    errors,
  );
}

/**
 * What the public may be told with each status the case can move to, in words, one group (radios
 * that reveal a group per status would need ARIA that radios may not carry). Each says which status
 * it goes with when there is more than one; the action refuses one that does not fit.
 */
function publicStatusView(targets: CaseStatus[], chosen: string | undefined) {
  const described = targets.length > 1;
  return {
    publicStatusChoices: targets.flatMap((to) =>
      publicStatusesFor(to).map((p) => ({
        value: p,
        text: PUBLIC_STATUSES[p].label,
        checked: chosen === p,
        ...(described ? { hint: { text: `If you change the status to ${statusLabels[to]}` } } : {}),
      })),
    ),
    publicStatusHint:
      "Only with an update for the public. If you choose none, they are told " +
      targets.map((to) => `“${PUBLIC_STATUSES[DEFAULT_PUBLIC_STATUS[to]].label}”`).join(" or ") +
      (described ? ", to match the new status." : "."),
  };
}

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

/**
 * The current filter as CSV, newest first, without residents' details. Bounded so it always
 * finishes inside the function's time and Lambda's 6 MB response: at most MAX_CSV_ROWS rows,
 * MAX_CSV_PAGES list reads and about MAX_CSV_BYTES; a cut-short export says so in its file name.
 */
export const MAX_CSV_ROWS = 5000;
const MAX_CSV_PAGES = 20;
const MAX_CSV_BYTES = 4_500_000;

export async function csvData(ctx: CaseLogContext): Promise<CaseLogResult> {
  const filters = readFilters(ctx);
  if (filters.errors.length > 0) {
    return {
      kind: "data",
      status: 400,
      contentType: "application/json; charset=utf-8",
      body: JSON.stringify({ error: "invalid filters", issues: filters.errors }),
    };
  }
  const rows: Case[] = [];
  let cursor: string | undefined;
  let pages = 0;
  let bytes = 0;
  do {
    const found = await ctx.deps.caseStore.listCases({
      ...toPageQuery(filters, Math.min(500, MAX_CSV_ROWS - rows.length)),
      ...(cursor ? { cursor } : {}),
    });
    for (const c of found.cases) {
      // Twice the text length covers quoting and multi-byte characters.
      bytes += 2 * (c.description.length + 200);
      if (bytes > MAX_CSV_BYTES) break;
      rows.push(c);
    }
    cursor = found.next;
    pages += 1;
  } while (cursor && rows.length < MAX_CSV_ROWS && pages < MAX_CSV_PAGES && bytes <= MAX_CSV_BYTES);
  const complete = !cursor && bytes <= MAX_CSV_BYTES;
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
      "signpost",
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
      c.signpost?.title,
    ]),
  );
  return {
    kind: "data",
    status: 200,
    contentType: "text/csv; charset=utf-8",
    body,
    filename: complete ? "cases.csv" : `cases-newest-${rows.length}-only.csv`,
  };
}

export async function countsData(ctx: CaseLogContext): Promise<CaseLogResult> {
  if (ctx.identity?.role !== "staff") {
    return { kind: "data", status: 403, contentType: "application/json", body: '{"error":"forbidden"}' };
  }
  const filters = readFilters(ctx);
  const counts = await ctx.deps.caseStore.countByStatus({
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
  });
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

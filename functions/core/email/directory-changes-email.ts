import type { ParishRef } from "../ports/directory.js";
import type { DirectoryChange, DirectoryChangeKind } from "../use-cases/directory-changes.js";
import type { DirectoryRefreshStop } from "../use-cases/refresh-directory.js";
import type { Row } from "./email-parts.js";
import { escapeHtml, oneLine } from "./escape-html.js";
import type { EmailContent } from "./report-email.js";

export interface DirectoryChangesEmailContext {
  /** e.g. "Exampleshire Vale District Council". */
  councilName: string;
  /** When the refresh ran (shown as a London date and time). */
  ranAt: Date;
  /** Parishes in the boundary data: all of them were asked about. */
  checked: number;
  changes: readonly DirectoryChange[];
  /** Parishes Modern.Gov did not answer for: their previous contact is still used. */
  unreachable: ReadonlyArray<{ parish: ParishRef; error: string }>;
  /** Set when the run stopped asking early: the parishes not asked are among `unreachable`. */
  stopped?: DirectoryRefreshStop;
  /** The case log's clerk directory page. */
  directoryPageUrl: string;
}

const londonDay = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
});
const londonTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/**
 * "Monday 7 December 2026", from the parts: ICU versions differ on a comma after the weekday
 * (Node 20 and 24 disagree), and an email should not change with the runtime.
 */
function londonDayOf(at: Date): string {
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    londonDay.formatToParts(at).find((p) => p.type === type)?.value ?? "";
  return `${part("weekday")} ${part("day")} ${part("month")} ${part("year")}`;
}

/** The sections of the email, in the order staff should read them: what stops mail first. */
const SECTIONS: ReadonlyArray<{ kind: DirectoryChangeKind; heading: string }> = [
  { kind: "lost", heading: "No longer have a clerk's email address (their reports now go to you)" },
  { kind: "changed", heading: "Have a different clerk's email address" },
  { kind: "found", heading: "Have a clerk's email address they did not have before" },
  { kind: "new-problems", heading: "Have new problems to check" },
];

const NO_ADDRESS = "no address";

const STOPPED: Record<DirectoryRefreshStop, string> = {
  unreachable: "Modern.Gov stopped answering",
  "out-of-time": "the check ran out of time",
};

/** One parish's lines: what the address was and is, why, and what to check. Each value is one line. */
function detailsOf(change: DirectoryChange): Row[] {
  const email =
    change.kind === "new-problems"
      ? `${change.after ?? NO_ADDRESS} (unchanged)`
      : `${change.before ?? NO_ADDRESS} → ${change.after ?? NO_ADDRESS}`;
  const rows: Row[] = [["Email", email]];
  if (change.reason) rows.push(["Why", change.reason]);
  for (const problem of change.newProblems) rows.push(["Problem", problem.message]);
  if (change.source) rows.push(["Found on", change.source]);
  return rows.map(([label, value]) => [label, oneLine(value)]);
}

const parishLabel = (parish: ParishRef) => oneLine(`${parish.name} (${parish.code})`);

/**
 * The weekly clerk directory summary for a council's team (each council gets its own): which parishes lost their clerk's
 * address, changed it, gained one or have new problems, and which could not be checked. An
 * unreachable Modern.Gov is said to be that, never "every parish lost its clerk". Everything read
 * from Modern.Gov is escaped in the HTML and folded to one line in the text.
 */
export function renderDirectoryChangesEmail(ctx: DirectoryChangesEmailContext): EmailContent {
  const day = londonDayOf(ctx.ranAt);
  const when = `${day} at ${londonTime.format(ctx.ranAt)}`;
  const noneReached = ctx.checked > 0 && ctx.unreachable.length === ctx.checked;
  const partial = !noneReached && ctx.stopped !== undefined;
  const count = (n: number) => `${n} parish${n === 1 ? "" : "es"}`;
  const subject = oneLine(
    noneReached
      ? `Clerk directory: Modern.Gov could not be reached (${day})`
      : partial
        ? `Clerk directory: ${count(ctx.changes.length)} changed, ${count(ctx.unreachable.length)} not checked (${day})`
        : `Clerk directory: ${count(ctx.changes.length)} changed (${day})`,
  );
  // Names the council: a deployment of several councils sends each its own summary.
  const site = `${ctx.councilName}'s Modern.Gov`;
  const intro = noneReached
    ? `Signpost tried to check the parish clerks' contacts in ${site} on ${when}, but Modern.Gov could not be reached for any of the ${count(ctx.checked)}. Nothing has changed: reports still go to the addresses found before. If this happens again next week, ask whoever runs Modern.Gov whether it is working.`
    : ctx.stopped
      ? `Signpost checked the clerks' contacts in ${site} on ${when}, but ${STOPPED[ctx.stopped]}, so ${count(ctx.unreachable.length)} of ${ctx.checked} could not be checked (listed below; reports still go to the addresses found before). ${ctx.changes.length > 0 ? "These changed since the last check." : "Nothing changed among the parishes checked."}`
      : `Signpost checked the clerks' contacts of ${count(ctx.checked)} in ${site} on ${when}. These changed since the last check.`;
  const sections = SECTIONS.map(({ kind, heading }) => ({
    heading,
    changes: ctx.changes.filter((c) => c.kind === kind),
  })).filter((s) => s.changes.length > 0);
  const unreachableHeading = "Could not be checked (their previous contact is still used)";
  const firstError = ctx.unreachable[0]?.error;
  const outro = `See every parish's contact, and set an address by hand, on the clerk directory page: ${ctx.directoryPageUrl}`;

  const text = [
    "Hello,",
    "",
    intro,
    ...(noneReached && firstError ? ["", `What went wrong: ${oneLine(firstError)}`] : []),
    ...sections.flatMap(({ heading, changes }) => [
      "",
      `${heading}:`,
      ...changes.flatMap((change) => [
        "",
        `  ${parishLabel(change.parish)}`,
        ...detailsOf(change).map(([label, value]) => `    ${label}: ${value}`),
      ]),
    ]),
    ...(!noneReached && ctx.unreachable.length > 0
      ? [
          "",
          `${unreachableHeading}:`,
          ...ctx.unreachable.map((u) => `  ${parishLabel(u.parish)}: ${oneLine(u.error)}`),
        ]
      : []),
    "",
    outro,
    "",
    `This email is sent each week by ${ctx.councilName}'s Signpost service.`,
  ].join("\n");

  const link = `<a href="${escapeHtml(ctx.directoryPageUrl)}">clerk directory page</a>`;
  const html = [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.4; color: #0b0c0c">',
    "<p>Hello,</p>",
    `<p>${escapeHtml(intro)}</p>`,
    noneReached && firstError ? `<p>What went wrong: ${escapeHtml(oneLine(firstError))}</p>` : "",
    ...sections.map(
      ({ heading, changes }) =>
        `<h2>${escapeHtml(heading)}</h2>` +
        changes
          .map(
            (change) =>
              `<h3>${escapeHtml(parishLabel(change.parish))}</h3><table>${detailsOf(change)
                .map(
                  ([label, value]) =>
                    `<tr><th scope="row" style="text-align: left; vertical-align: top; padding: 4px 12px 4px 0">${escapeHtml(label)}</th><td style="padding: 4px 0">${escapeHtml(value)}</td></tr>`,
                )
                .join("")}</table>`,
          )
          .join(""),
    ),
    !noneReached && ctx.unreachable.length > 0
      ? `<h2>${escapeHtml(unreachableHeading)}</h2><ul>${ctx.unreachable
          .map((u) => `<li>${escapeHtml(parishLabel(u.parish))}: ${escapeHtml(oneLine(u.error))}</li>`)
          .join("")}</ul>`
      : "",
    `<p>See every parish's contact, and set an address by hand, on the ${link}.</p>`,
    `<p>This email is sent each week by ${escapeHtml(ctx.councilName)}'s Signpost service.</p>`,
    "</body></html>",
  ].join("\n");

  return { subject, text, html };
}

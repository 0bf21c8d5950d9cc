import type { Case, Destination } from "../case/case.js";
import { mayShareWith } from "../case/consent.js";
import { londonDateTimeWords } from "../case/london-time.js";
import type { ServiceDefinition } from "../routing/service-schema.js";
import {
  answerButtons,
  CASE_LINK_WORDS,
  digestGuidance,
  linkRules,
  type SignedClerkLinks,
} from "./clerk-guidance.js";
import { type ClientData, clientDataFor, signpostSentence } from "./client-data.js";
import { type Block, htmlOf, linkBlock, paragraph, textOf } from "./email-blocks.js";
import {
  answerRows,
  clientDataHtml,
  clientDataText,
  contactRows,
  indent,
  type LinkRow,
  mapRow,
  type Row,
  rowLines,
  table,
} from "./email-parts.js";
import { escapeHtml, oneLine } from "./escape-html.js";
import type { EmailContent } from "./report-email.js";

export interface DigestEmailContext {
  services: ReadonlyMap<string, ServiceDefinition>;
  /** The body receiving it: its contact rights follow from its kind and code. */
  recipient: Destination;
  /** e.g. "Ashcombe Parish Council" or "Exampleshire Vale District Council". */
  recipientName: string;
  /** The case's council (a digest holds one council's cases): it sends the digest. */
  districtName: string;
  /** The council's team mailbox, where replies go (the digest's Reply-To). */
  districtEmail?: string;
  /** Which of several emails this is, when one day's held reports need more than one. */
  part?: { number: number; of: number };
  /** Set when a body's digest fell back to the council: which body, and why. */
  fallback?: { from: string; reason: string };
  /** Each case's page in the staff case log (where CASE_LOG_URL is set). */
  caseUrl?: (reference: string) => string;
  /** Each case's one-click answers, by reference (a parish, where links are signed). */
  links?: ReadonlyMap<string, SignedClerkLinks>;
}

/**
 * One email listing reports held because the body had reached its daily cap of individual emails.
 * Everything a resident typed is escaped in the HTML and kept off the subject; contact details
 * appear only where the resident agreed to share them with this body (the district always has them).
 */
export function renderDigestEmail(cases: readonly Case[], ctx: DigestEmailContext): EmailContent {
  const count = `${cases.length} report${cases.length === 1 ? "" : "s"}`;
  const partLabel = ctx.part && ctx.part.of > 1 ? ` (part ${ctx.part.number} of ${ctx.part.of})` : "";
  const subject = oneLine(`Daily digest: ${count} for ${ctx.recipientName}${partLabel}`);
  const intro = `${ctx.districtName}'s Signpost service sends each report in its own email up to a daily limit. These reports arrived after ${ctx.recipientName} had reached it, so they are listed here instead. Please quote a report's reference in any reply.`;
  const fallback = ctx.fallback
    ? `These reports were for ${ctx.fallback.from} and were sent to you because ${ctx.fallback.reason}.`
    : undefined;
  const sections = cases.map((report) => ({
    report,
    rows: rowsOf(report, ctx),
    fromClient: clientDataFor(report, mayShareWith(report, ctx.recipient)),
    actions: actionsFor(report, ctx),
  }));
  // Signed together, the links of one digest expire together: said once, before the reports.
  const someLinks = ctx.recipient.kind === "district" ? undefined : ctx.links?.values().next().value;
  const aboutLinks: Block[] = someLinks
    ? [
        paragraph(
          `Under each report are answers you can choose to let ${ctx.districtName} know what happens next.`,
        ),
        paragraph(linkRules(someLinks)),
      ]
    : [];
  const guidance = digestGuidance({
    recipient: ctx.recipient,
    councilName: ctx.districtName,
    ...(ctx.districtEmail ? { districtEmail: ctx.districtEmail } : {}),
    links: someLinks !== undefined,
  });

  const text = [
    `Dear ${ctx.recipientName},`,
    "",
    intro,
    ...(fallback ? ["", fallback] : []),
    ...textOf(aboutLinks),
    ...sections.flatMap(({ report, rows, fromClient, actions }) => [
      "",
      `---- ${report.reference} ----`,
      ...rows.flatMap(rowText),
      ...clientLines(fromClient),
      ...textOf(actions),
    ]),
    // A rule after the last report, so the guidance is not read as part of it.
    ...["", "----"],
    ...textOf(guidance),
  ].join("\n");

  const html = [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.4; color: #0b0c0c">',
    `<p>Dear ${escapeHtml(ctx.recipientName)},</p>`,
    `<p>${escapeHtml(intro)}</p>`,
    fallback ? `<p><strong>${escapeHtml(fallback)}</strong></p>` : "",
    htmlOf(aboutLinks),
    ...sections.map(
      ({ report, rows, fromClient, actions }) =>
        table(report.reference, rows, { preWrap: true }) +
        (fromClient ? clientDataHtml(fromClient, "h3") : "") +
        htmlOf(actions),
    ),
    htmlOf(guidance),
    "</body></html>",
  ].join("\n");

  return { subject, text, html };
}

/** A row of a case in the text: a long answer indented under its label, a link's URL on its own line. */
function rowText(row: LinkRow): string[] {
  const [label, value] = row;
  if (typeof value === "string" && value.includes("\n")) return [`${label}:\n${indent(value)}`];
  return rowLines(row, "");
}

/** The case's link to the case log, and a parish's one-click answers for it. */
function actionsFor(report: Case, ctx: DigestEmailContext): Block[] {
  const links = ctx.recipient.kind === "district" ? undefined : ctx.links?.get(report.reference);
  return [
    ...(ctx.caseUrl ? [linkBlock({ words: CASE_LINK_WORDS, href: ctx.caseUrl(report.reference) })] : []),
    ...(links ? answerButtons(links.urls, ctx.districtName) : []),
  ];
}

function rowsOf(report: Case, ctx: DigestEmailContext): LinkRow[] {
  const service = ctx.services.get(report.service);
  const answers = answerRows(service?.questions ?? [], report.answers);
  return [
    // First, so the reader meets it before the details.
    ...(report.signpost ? ([["Signpost", signpostSentence(report.signpost)]] as Row[]) : []),
    ["Service", service?.name ?? report.service],
    ["Received", londonDateTimeWords(report.createdAt)],
    ["Road", report.location.roadName ?? "Not given"],
    ["Postcode", report.location.postcode ?? "Not given"],
    ["Area", report.routing.area.name],
    mapRow(report.location),
    ...answers,
    ["What the resident said", report.description],
    ...(report.when ? ([["When", report.when]] as Row[]) : []),
    ...(report.possibleDuplicates?.length
      ? ([["Possible duplicate of", report.possibleDuplicates.join(", ")]] as Row[])
      : []),
    ...contactRows(report, ctx.recipient, "you", ctx.districtName),
  ];
}

const clientLines = (data: ClientData | undefined): string[] => (data ? clientDataText(data) : []);

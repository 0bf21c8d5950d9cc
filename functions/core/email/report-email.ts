import type { Case } from "../case/case.js";
import { mayShareWith } from "../case/consent.js";
import { londonDateTimeWords } from "../case/london-time.js";
import type { ServiceDefinition } from "../routing/service-schema.js";
import { clerkGuidance, type SignedClerkLinks } from "./clerk-guidance.js";
import { clientDataFor, signpostSentence } from "./client-data.js";
import { htmlOf, textOf } from "./email-blocks.js";
import {
  answerRows,
  clientDataHtml,
  clientDataText,
  contactRows,
  indent,
  type LinkRow,
  mapRow,
  recipientNameFor,
  rowLines,
  table,
} from "./email-parts.js";
import { escapeHtml, oneLine } from "./escape-html.js";
import { type ReplyRoute, replyRouteFor } from "./reply-to.js";

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/** A report email, and where replies to it go: the sender sets Reply-To from `reply`, which its words describe. */
export interface ReportEmail extends EmailContent {
  reply: ReplyRoute;
}

export interface ReportEmailContext {
  service: ServiceDefinition;
  /** Who receives it, e.g. "Ashcombe Parish Council" or "Exampleshire Vale District Council". */
  recipientName: string;
  /** The case's council: it sends the email, and the case goes back to it when not the reader's. */
  districtName: string;
  /** Set when the case fell back to its council: says why, so the reader knows. */
  fallbackReason?: string;
  /** References of earlier cases this one may repeat, for the reader to check (nothing suppressed). */
  possibleDuplicates?: readonly string[];
  /**
   * The council's team mailbox: where replies go when the resident's details are not shared or the
   * email carries one-click links (as dispatch sets Reply-To), and whom a clerk tells when the
   * report is not theirs.
   */
  districtEmail?: string;
  /** The case in the staff case log, for readers with an account (where CASE_LOG_URL is set). */
  caseUrl?: string;
  /** The clerk's one-click answers (a parish, where links are signed). */
  links?: SignedClerkLinks;
}

/**
 * The report as the clerk or district team receives it (`report.destination` is the recipient).
 * Every resident-supplied value is escaped; the resident's contact details are in it only where
 * they agreed to share them with this recipient.
 */
export function renderReportEmail(report: Case, ctx: ReportEmailContext): ReportEmail {
  // The subject carries nothing a resident wrote freely (a road name could be a lure): the postcode,
  // which is checked against the postcode format, or the area from the boundary data.
  const place = report.location.postcode ?? report.routing.area.name;
  const recipientName = recipientNameFor(report.destination, ctx.recipientName, ctx.districtName);
  const subject = oneLine(`${ctx.service.name}: ${report.reference}, ${place}`);

  const location: LinkRow[] = [
    ["Road", report.location.roadName ?? "Not given"],
    ["Postcode", report.location.postcode ?? "Not given"],
    ["Coordinates", `${report.location.lat.toFixed(6)}, ${report.location.lng.toFixed(6)}`],
    ["Area", report.routing.area.name],
    mapRow(report.location),
  ];
  const reported = londonDateTimeWords(report.createdAt);
  const answers = answerRows(ctx.service.questions, report.answers);
  const contact = contactRows(report, report.destination, recipientName, ctx.districtName);

  const intro = `A resident has reported a problem through ${ctx.districtName}'s Signpost service. Please quote reference ${report.reference} in any reply.`;
  const fallback = ctx.fallbackReason
    ? `This report was sent to ${recipientName} because ${ctx.fallbackReason}.`
    : undefined;
  const duplicates = (ctx.possibleDuplicates ?? []).map((reference) => `Possible duplicate of ${reference}`);
  // A rule would have sent the resident elsewhere, but their app could not say so first.
  const signpost = report.signpost ? signpostSentence(report.signpost) : undefined;
  const fromClient = clientDataFor(report, mayShareWith(report, report.destination));
  // The district team answers in the case log: its email never carries one-click links.
  const links = report.destination.kind === "district" ? undefined : ctx.links;
  const reply = replyRouteFor(report, report.destination, ctx.districtEmail ?? "", { links: !!links });
  const guidance = clerkGuidance({
    reference: report.reference,
    recipient: report.destination,
    reply,
    councilName: ctx.districtName,
    ...(ctx.districtEmail ? { districtEmail: ctx.districtEmail } : {}),
    ...(ctx.caseUrl ? { caseUrl: ctx.caseUrl } : {}),
    ...(links ? { links } : {}),
  });

  const text = [
    `Dear ${recipientName},`,
    "",
    intro,
    ...(signpost ? ["", signpost] : []),
    ...(fallback ? ["", fallback] : []),
    ...(duplicates.length ? ["", ...duplicates] : []),
    "",
    `Reference: ${report.reference}`,
    `Service: ${ctx.service.name}`,
    `Reported: ${reported}`,
    "",
    "Location",
    ...location.flatMap((row) => rowLines(row)),
    "",
    "Answers",
    ...answers.map(([k, v]) => `  ${k} ${v}`),
    "",
    "What the resident said",
    indent(report.description),
    ...(report.when ? ["", `When: ${report.when}`] : []),
    ...(fromClient ? ["", ...clientDataText(fromClient)] : []),
    "",
    "Resident's contact details",
    ...contact.map(([k, v]) => `  ${k}: ${v}`),
    ...textOf(guidance),
  ].join("\n");

  const html = [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.4; color: #0b0c0c">',
    `<p>Dear ${escapeHtml(recipientName)},</p>`,
    `<p>${escapeHtml(intro)}</p>`,
    signpost
      ? `<p style="border-left: 5px solid #0b0c0c; padding-left: 12px"><strong>${escapeHtml(signpost)}</strong></p>`
      : "",
    fallback ? `<p><strong>${escapeHtml(fallback)}</strong></p>` : "",
    ...duplicates.map((line) => `<p><strong>${escapeHtml(line)}</strong></p>`),
    table("Report", [
      ["Reference", report.reference],
      ["Service", ctx.service.name],
      ["Reported", reported],
    ]),
    table("Location", location),
    table("Answers", answers),
    "<h2>What the resident said</h2>",
    `<p style="white-space: pre-wrap">${escapeHtml(report.description)}</p>`,
    report.when ? `<p><strong>When:</strong> ${escapeHtml(report.when)}</p>` : "",
    fromClient ? clientDataHtml(fromClient) : "",
    table("Resident's contact details", contact),
    htmlOf(guidance),
    "</body></html>",
  ].join("\n");

  return { subject, text, html, reply };
}

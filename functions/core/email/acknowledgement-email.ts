import type { Case } from "../case/case.js";
import type { ServiceDefinition } from "../routing/service-schema.js";
import { recipientNameFor } from "./email-parts.js";
import { escapeHtml, oneLine } from "./escape-html.js";
import type { EmailContent } from "./report-email.js";
import { checkReportSentence, PROGRESS_PROMISE, stopProgressSentence } from "./resident-email-words.js";

/**
 * The resident's receipt: their reference, who has the report, and what happens next. It goes to
 * an address nobody has verified, so it carries nothing the sender typed (no name, no description)
 * and no links: only our reference, the service's and councils' names, and fixed text. Nobody can
 * use it to send their own words from the council's address. It says how to check on the report
 * later, in words (see resident-email-words.ts), and promises progress emails only to a resident
 * who asked for them.
 */
export function renderAcknowledgementEmail(
  report: Pick<Case, "reference" | "destination" | "reporter">,
  ctx: { service: ServiceDefinition; recipientName: string; districtName: string },
): EmailContent {
  const subject = oneLine(`We have received your report: ${report.reference}`);
  const recipientName = recipientNameFor(report.destination, ctx.recipientName, ctx.districtName);
  const paragraphs = [
    "Thank you for your report.",
    `Your reference is ${report.reference}. Quote it if you contact us about this report.`,
    `Your report is going to ${recipientName}. They will decide what to do and may contact you if they need more information.`,
    ...(report.reporter?.wantsUpdates
      ? [PROGRESS_PROMISE, stopProgressSentence(ctx.districtName, "progress emails at any time")]
      : []),
    checkReportSentence(report.reference, ctx.districtName),
    "If anyone is in immediate danger, call 999.",
    "If you did not make this report, you can ignore this email.",
    ctx.districtName,
  ];
  const text = [ctx.service.name, "", ...paragraphs.flatMap((p) => [p, ""])].join("\n").trimEnd();
  const html = [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.4; color: #0b0c0c">',
    `<h1 style="font-size: 24px">${escapeHtml(ctx.service.name)}</h1>`,
    `<p style="font-size: 19px">Your reference is <strong>${escapeHtml(report.reference)}</strong></p>`,
    ...paragraphs.filter((p) => !p.startsWith("Your reference")).map((p) => `<p>${escapeHtml(p)}</p>`),
    "</body></html>",
  ].join("\n");
  return { subject, text, html };
}

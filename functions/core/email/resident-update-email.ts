import { londonDateTimeWords } from "../case/london-time.js";
import { PUBLIC_STATUSES, type PublicStatus } from "../case/public-update.js";
import { escapeHtml, oneLine } from "./escape-html.js";
import type { EmailContent } from "./report-email.js";
import { checkReportSentence, stopProgressSentence } from "./resident-email-words.js";

export interface ResidentUpdateContext {
  /** The service's name, e.g. "Speeding and road safety". */
  serviceName: string;
  /** The council that sends it and reads replies: "Exampleshire Vale District Council". */
  districtName: string;
  /** Who has the report now: "Ashcombe Parish Council". */
  bodyName: string;
  /** When the update is sent (ISO instant); shown as London words. */
  at: string;
}

/**
 * A progress email to a resident who asked for them: the public status and the public words staff
 * wrote with it (public already: Open311 clients show them), when, and who has the report. Never
 * staff names, internal notes or reasons, nor anything the resident typed; like the
 * acknowledgement it holds no links (see resident-email-words.ts). The text and HTML parts say the
 * same, sentence for sentence.
 */
export function renderResidentUpdateEmail(
  reference: string,
  update: { status: PublicStatus; text: string },
  ctx: ResidentUpdateContext,
): EmailContent {
  const subject = oneLine(`Update on your report ${reference}`);
  const rows: Array<[string, string]> = [
    ["Status", PUBLIC_STATUSES[update.status].label],
    ["Updated", londonDateTimeWords(ctx.at)],
    ["Who has your report", ctx.bodyName],
  ];
  const message = update.text.trim();
  const after = [
    "You are getting this email because you asked us to email you when there is progress on your report.",
    `If you reply to this email, your reply goes to the team at ${ctx.districtName}. Quote your reference.`,
    checkReportSentence(reference, ctx.districtName),
    stopProgressSentence(ctx.districtName),
    "If anyone is in immediate danger, call 999.",
    ctx.districtName,
  ];
  const text = [
    ctx.serviceName,
    "",
    subject,
    "",
    ...rows.map(([k, v]) => `${k}: ${v}`),
    "",
    ...(message ? ["What the council says:", message, ""] : []),
    ...after.flatMap((p) => [p, ""]),
  ]
    .join("\n")
    .trimEnd();
  const html = [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.4; color: #0b0c0c">',
    `<h1 style="font-size: 24px">${escapeHtml(ctx.serviceName)}</h1>`,
    `<p style="font-size: 19px">${escapeHtml(subject)}</p>`,
    ...rows.map(([k, v]) => `<p><strong>${escapeHtml(k)}:</strong> ${escapeHtml(v)}</p>`),
    ...(message
      ? [
          '<h2 style="font-size: 19px">What the council says:</h2>',
          `<p style="white-space: pre-wrap">${escapeHtml(message)}</p>`,
        ]
      : []),
    ...after.map((p) => `<p>${escapeHtml(p)}</p>`),
    "</body></html>",
  ].join("\n");
  return { subject, text, html };
}

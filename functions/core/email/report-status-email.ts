import { londonDateWords } from "../case/london-time.js";
import { type Block, htmlOf, paragraph, textOf } from "./email-blocks.js";
import { escapeHtml, oneLine } from "./escape-html.js";
import type { EmailContent } from "./report-email.js";

/** The public facts of a report's status, as "Check your report" shows them to a postcode. */
export interface ReportStatusFacts {
  reference: string;
  serviceName: string;
  /** ISO instant the report was made. */
  reportedAt: string;
  bodyName: string;
  statusLabel: string;
  /** The latest public update: when, and the public words staff wrote with it (if any). */
  latestUpdate?: { at: string; text?: string };
  districtName: string;
}

/**
 * A report's status, emailed to the address given with it when someone typed that address on
 * "Check your report". Only public information (the status and the public words staff wrote, its
 * date, who has the report), nothing the resident typed, and no links (see
 * resident-email-words.ts). Written once as blocks, so the text and HTML parts say the same.
 */
export function renderReportStatusEmail(facts: ReportStatusFacts): EmailContent {
  const subject = oneLine(`The status of your report ${facts.reference}`);
  const rows: Array<[string, string]> = [
    ["Reference", facts.reference],
    ["Reported on", londonDateWords(facts.reportedAt)],
    ["Who has your report", facts.bodyName],
    ["Status", facts.statusLabel],
    ...(facts.latestUpdate
      ? [["Last updated", londonDateWords(facts.latestUpdate.at)] as [string, string]]
      : []),
  ];
  const words = facts.latestUpdate?.text?.trim();
  const blocks: Block[] = [
    paragraph(
      `Someone asked for the status of report ${facts.reference} on our “Check your report” page and gave this email address. This is its status now.`,
    ),
    {
      text: ["", ...rows.map(([k, v]) => `${k}: ${v}`)],
      html: rows.map(([k, v]) => `<p><strong>${escapeHtml(k)}:</strong> ${escapeHtml(v)}</p>`).join("\n"),
    },
    ...(words
      ? [
          {
            text: ["", "What the council says:", words],
            html: `<h2 style="font-size: 19px">What the council says:</h2>\n<p style="white-space: pre-wrap">${escapeHtml(words)}</p>`,
          },
        ]
      : [
          paragraph(
            `There has been no update yet. ${facts.bodyName} will decide what to do about the report.`,
          ),
        ]),
    paragraph("If you did not ask for this, you can ignore this email. We send it at most once an hour."),
    paragraph(
      `If you reply to this email, your reply goes to the team at ${facts.districtName}. Quote your reference.`,
    ),
    paragraph("If anyone is in immediate danger, call 999."),
    paragraph(facts.districtName),
  ];
  const text = [facts.serviceName, "", subject, ...textOf(blocks)].join("\n");
  const html = [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.4; color: #0b0c0c">',
    `<h1 style="font-size: 24px">${escapeHtml(facts.serviceName)}</h1>`,
    `<p style="font-size: 19px">${escapeHtml(subject)}</p>`,
    htmlOf(blocks),
    "</body></html>",
  ].join("\n");
  return { subject, text, html };
}

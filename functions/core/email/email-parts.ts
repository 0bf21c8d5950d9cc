import type { Case, Destination } from "../case/case.js";
import { mayShareWith } from "../case/consent.js";
import { escapeHtml } from "./escape-html.js";

/** The pieces the emails to councils share: labelled rows, as text and as an HTML table. */

export type Row = [label: string, value: string];

/** A row per answered question, labelled by its title, valued by its option's label. */
export function answerRows(
  questions: readonly { id: string; title: string; options: readonly { value: string; label: string }[] }[],
  answers: Record<string, string>,
): Row[] {
  return questions
    .filter((q) => answers[q.id] !== undefined)
    .map((q) => [q.title, q.options.find((o) => o.value === answers[q.id])?.label ?? "Not answered"]);
}

/**
 * The resident's contact details for `recipient`, only where the resident agreed to share them with
 * it (see consent.ts); otherwise where to ask. `recipientLabel` is how the text names the reader.
 */
export function contactRows(
  report: Case,
  recipient: Destination,
  recipientLabel: string,
  districtName: string,
): Row[] {
  const reporter = report.reporter;
  if (!reporter || !(reporter.name || reporter.email || reporter.phone)) {
    return [["Contact", "The resident did not give contact details."]];
  }
  if (!mayShareWith(report, recipient)) {
    return [
      [
        "Contact",
        `The resident did not agree to share their contact details with ${recipientLabel}. ${districtName} holds them; quote the reference if you need to reach the resident.`,
      ],
    ];
  }
  return [
    ["Name", reporter.name ?? "Not given"],
    ["Email", reporter.email ?? "Not given"],
    ["Telephone", reporter.phone ?? "Not given"],
  ];
}

export function mapLink({ lat, lng }: { lat: number; lng: number }): string {
  return `https://www.openstreetmap.org/?mlat=${lat.toFixed(6)}&mlon=${lng.toFixed(6)}#map=17/${lat.toFixed(6)}/${lng.toFixed(6)}`;
}

/** Rows as an HTML table under a heading, every value escaped; `preWrap` keeps a value's line breaks. */
export function table(heading: string, rows: Row[], options: { preWrap?: boolean } = {}): string {
  const cellStyle = options.preWrap ? "padding: 4px 0; white-space: pre-wrap" : "padding: 4px 0";
  const body = rows
    .map(
      ([k, v]) =>
        `<tr><th scope="row" style="text-align: left; vertical-align: top; padding: 4px 12px 4px 0">${escapeHtml(k)}</th><td style="${cellStyle}">${escapeHtml(v)}</td></tr>`,
    )
    .join("");
  return `<h2>${escapeHtml(heading)}</h2><table>${body}</table>`;
}

export function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}

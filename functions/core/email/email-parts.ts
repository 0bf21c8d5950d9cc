import { bodyFor } from "../case/bodies.js";
import type { Case, Destination } from "../case/case.js";
import { mayShareWith } from "../case/consent.js";
import { type ClientData, leftOutSentences } from "./client-data.js";
import { escapeHtml } from "./escape-html.js";

/** The pieces the emails to councils share: labelled rows, as text and as an HTML table. */

export type Row = [label: string, value: string];

/** A link in a table: its words in the HTML cell, the words then the URL on its own line in text. */
export interface Link {
  words: string;
  href: string;
}
/** A row whose value may be a link (the map, in the report email and the digest). */
export type LinkRow = [label: string, value: string | Link];

/** The link style of GOV.UK Frontend (its link colour, underlined), inline as email clients need. */
export const LINK_STYLE = "color: #1a65a6; text-decoration: underline";

/** An `<a>` to an address we built (the map, the case log, a signed link), the URL and words escaped. */
export function anchor({ words, href }: Link): string {
  return `<a href="${escapeHtml(href)}" style="${LINK_STYLE}" rel="noreferrer noopener">${escapeHtml(words)}</a>`;
}

/** A row as lines of the text email: `label: value`, and a link's URL on a line of its own. */
export function rowLines([label, value]: LinkRow, prefix = "  "): string[] {
  if (typeof value === "string") return [`${prefix}${label}: ${value}`];
  return [`${prefix}${label}: ${value.words}`, `${prefix}${value.href}`];
}

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

/** The report's place on OpenStreetMap, as a real link (another website: no data of ours goes to it). */
export function mapRow(location: { lat: number; lng: number }): LinkRow {
  return ["Map", { words: "Open in OpenStreetMap", href: mapLink(location) }];
}

/** Rows as an HTML table under a heading, every value escaped; `preWrap` keeps a value's line breaks. */
export function table(heading: string, rows: LinkRow[], options: { preWrap?: boolean } = {}): string {
  return `<h2>${escapeHtml(heading)}</h2>${rowsTable(rows, options)}`;
}

function rowsTable(rows: LinkRow[], options: { preWrap?: boolean } = {}): string {
  const cellStyle = options.preWrap ? "padding: 4px 0; white-space: pre-wrap" : "padding: 4px 0";
  const body = rows
    .map(
      ([k, v]) =>
        `<tr><th scope="row" style="text-align: left; vertical-align: top; padding: 4px 12px 4px 0">${escapeHtml(k)}</th><td style="${cellStyle}">${typeof v === "string" ? escapeHtml(v) : anchor(v)}</td></tr>`,
    )
    .join("");
  return `<table>${body}</table>`;
}

export const CLIENT_DATA_HEADING = "Also sent by the client";

const photoLabel = (index: number, host: string) => `Photo ${index + 1} (the client's copy, on ${host})`;

/**
 * "Also sent by the client" as lines of the text email. The values are one line already
 * (client-data.ts); the URLs are the parsed https ones, so nothing here can start a new line.
 */
export function clientDataText(data: ClientData): string[] {
  return [
    CLIENT_DATA_HEADING,
    ...data.attributes.map(({ code, value }) => `  ${code}: ${value}`),
    ...data.photos.map(({ href, host }, i) => `  ${photoLabel(i, host)}: ${href}`),
    ...data.notUsed.map(({ field, reason }) => `  Not used: ${field} (${reason})`),
    ...leftOutSentences(data).map((line) => `  ${line}`),
  ];
}

/**
 * "Also sent by the client" in the HTML email: the attributes as a table, the photos as plain links
 * to the client's copies (never an image: we do not fetch or embed client URLs), everything escaped.
 */
export function clientDataHtml(data: ClientData, heading: "h2" | "h3" = "h2"): string {
  const photos = data.photos.map(
    ({ href, host }, i) =>
      `<li><a href="${escapeHtml(href)}" rel="noreferrer noopener nofollow">${escapeHtml(photoLabel(i, host))}</a></li>`,
  );
  return [
    `<${heading}>${CLIENT_DATA_HEADING}</${heading}>`,
    data.attributes.length ? rowsTable(data.attributes.map(({ code, value }) => [code, value])) : "",
    photos.length ? `<ul>${photos.join("")}</ul>` : "",
    data.notUsed.length
      ? `<p>Not used:</p>${rowsTable(data.notUsed.map(({ field, reason }) => [field, reason]))}`
      : "",
    ...leftOutSentences(data).map((line) => `<p>${escapeHtml(line)}</p>`),
  ].join("");
}

export function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}

/**
 * How an email names its recipient: as the directory spells the body ("Little Wendle Parish
 * Meeting"); where that is blank (an override set without a council name), the body's usual name
 * for the area, never "Dear ,".
 */
export function recipientNameFor(
  recipient: Destination,
  directoryName: string,
  districtName: string,
): string {
  return directoryName.trim() || bodyFor(recipient, new Map(), districtName).name;
}

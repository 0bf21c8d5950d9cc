/**
 * CSV that is safe to open in a spreadsheet: every text cell quoted, and a cell that a spreadsheet
 * would read as a formula (starting =, +, -, @, tab or carriage return) gets a leading apostrophe,
 * so it is shown as text (OWASP "CSV injection"). Numbers are written as numbers: a negative
 * longitude is a number, not a formula, and must stay one.
 */
export function csvCell(value: string | number | undefined): string {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = value === undefined ? "" : value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** One record, with the CRLF line end RFC 4180 asks for. */
export function csvRow(row: ReadonlyArray<string | number | undefined>): string {
  return `${row.map(csvCell).join(",")}\r\n`;
}

/**
 * The byte-order mark that tells Excel a CSV file is UTF-8; without it Excel reads the file in the
 * system's legacy code page and garbles "é", "£" and "’".
 */
export const UTF8_BOM = "\uFEFF";

// Built once: a formatter costs far more to make than to use, and an export formats thousands.
const londonParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** An instant as a London date and time that Excel reads as one: "2026-12-02 17:05". */
export function spreadsheetTime(iso: string | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(londonParts.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

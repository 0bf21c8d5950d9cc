/**
 * CSV that is safe to open in a spreadsheet: every cell quoted, and a cell that a spreadsheet would
 * read as a formula (starting =, +, -, @, tab or carriage return) gets a leading apostrophe, so it
 * is shown as text (OWASP "CSV injection").
 */
export function csvCell(value: string | number | undefined): string {
  let text = value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(header: string[], rows: Array<Array<string | number | undefined>>): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

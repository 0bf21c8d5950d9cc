/** A plain-text table with right-aligned numbers, for the bench's report. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, c) =>
    Math.max(title.length, ...rows.map((row) => (row[c] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number))).join(" | ")} |`;
  const rule = `|${widths.map((w, c) => (c === 0 ? `-${"-".repeat(w)}-` : `-${"-".repeat(w)}:`)).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

export const count = (n: number) => Math.round(n).toLocaleString("en-GB");
export const ratio = (n: number) =>
  `${n >= 100 ? Math.round(n).toLocaleString("en-GB") : n.toFixed(n >= 10 ? 1 : 2)}×`;
export const ms = (n: number) => `${n.toFixed(n >= 100 ? 0 : 1)} ms`;
export const size = (bytes: number) =>
  bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;

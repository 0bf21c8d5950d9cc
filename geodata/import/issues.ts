/**
 * What an import found, feature by feature. Errors stop the import (all of them are reported at
 * once); "fixed" says what the importer changed; warnings and notes are for the reader.
 */
export type IssueLevel = "error" | "fixed" | "warning" | "note";

export interface ImportIssue {
  level: IssueLevel;
  /** Which feature, e.g. `parishes.geojson features[3] (E04000011 Partington)`; absent for the whole input. */
  feature?: string;
  message: string;
}

export class ImportError extends Error {
  constructor(readonly issues: readonly ImportIssue[]) {
    const errors = issues.filter((issue) => issue.level === "error");
    super(
      `import failed with ${errors.length} error${errors.length === 1 ? "" : "s"}:\n${formatIssues(errors)}`,
    );
    this.name = "ImportError";
  }
}

const SHOWN_PER_GROUP = 10;

/**
 * Errors one per line; other issues grouped by message with the features they concern, so that
 * "rewound 10,000 rings" is one line, not 10,000.
 */
export function formatIssues(issues: readonly ImportIssue[]): string {
  const lines: string[] = [];
  const groups = new Map<string, string[]>();
  for (const { level, feature, message } of issues) {
    if (level === "error") {
      lines.push(`  error: ${feature ? `${feature}: ` : ""}${message}`);
      continue;
    }
    const key = `${level}: ${message}`;
    groups.set(key, [...(groups.get(key) ?? []), ...(feature ? [feature] : [])]);
  }
  for (const [key, features] of groups) {
    const shown = features.slice(0, SHOWN_PER_GROUP).join("; ");
    const more = features.length > SHOWN_PER_GROUP ? `; and ${features.length - SHOWN_PER_GROUP} more` : "";
    lines.push(`  ${key}${features.length > 0 ? ` (${features.length}: ${shown}${more})` : ""}`);
  }
  return lines.join("\n");
}

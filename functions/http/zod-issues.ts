import type { z } from "zod";
import type { FieldIssue } from "#core/errors.js";

/** zod issues → one entry per field, named by its dotted path, in the order they occur. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    const field = issue.path.join(".") || "(body)";
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys)
        issues.push({ field: [...issue.path, key].join("."), message: "Unknown field" });
      continue;
    }
    if (seen.has(field)) continue;
    seen.add(field);
    issues.push({ field, message: issue.message });
  }
  return issues;
}

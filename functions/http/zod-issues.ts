import type { z } from "zod";
import type { FieldIssue } from "#core/errors.js";
import { toWellFormed } from "#core/input/text-rules.js";

/**
 * zod issues → one entry per field, named by its dotted path, in the order they occur. A path may
 * hold a key the client sent: it is made well-formed so the answer can always be encoded.
 */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    const field = toWellFormed(issue.path.join(".")) || "(body)";
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys)
        issues.push({ field: toWellFormed([...issue.path, key].join(".")), message: "Unknown field" });
      continue;
    }
    if (seen.has(field)) continue;
    seen.add(field);
    issues.push({ field, message: issue.message });
  }
  return issues;
}

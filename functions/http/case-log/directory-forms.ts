import * as z from "zod";
import type { FieldError } from "../form-errors.js";

// The clerk directory's two forms, checked at the edge. Messages follow the GOV.UK patterns.

const optionalText = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .max(max, tooLong)
    .optional()
    .transform((v) => v || undefined);

const reason = (field: string) =>
  z
    .string({ error: `Enter why you are ${field}` })
    .trim()
    .min(1, `Enter why you are ${field}`)
    .max(500, "The reason must be 500 characters or fewer");

/**
 * The override's version the form was shown with (empty: there was none), so a change made against
 * one someone else has since changed is refused. Not staff's to fix: a bad value reads as none.
 */
const version = z
  .string()
  .optional()
  .transform((v) => (v && /^\d{1,9}$/.test(v) ? Number(v) : undefined));

export const overrideForm = z.object({
  version,
  email: z
    .string({ error: "Enter the clerk’s email address" })
    .trim()
    .min(1, "Enter the clerk’s email address")
    .max(254, "The email address must be 254 characters or fewer")
    .pipe(z.email("Enter an email address in the correct format, like clerk@parish.example")),
  councilName: optionalText(150, "The council name must be 150 characters or fewer"),
  clerkName: optionalText(100, "The clerk’s name must be 100 characters or fewer"),
  phone: optionalText(40, "The phone number must be 40 characters or fewer").refine(
    (v) => v === undefined || /^[0-9 +()-]{6,40}$/.test(v),
    "Enter a phone number, like 01632 960 001",
  ),
  reason: reason("setting this contact"),
});

export const removeForm = z.object({ version, removeReason: reason("removing the override") });

/** A form's fields as zod read them, or the GOV.UK errors in the order of the form. */
export function readForm<T extends z.ZodType>(
  schema: T,
  form: Record<string, string>,
): { data: z.output<T>; errors?: never } | { data?: never; errors: FieldError[] } {
  const parsed = schema.safeParse(form);
  if (parsed.success) return { data: parsed.data };
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "");
    if (seen.has(field)) continue;
    seen.add(field);
    errors.push({ field, message: issue.message });
  }
  return { errors };
}

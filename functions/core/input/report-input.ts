import * as z from "zod";
import { normalisePostcode } from "./postcode.js";

/**
 * A report as any channel (JSON API, form, Open311) hands it to the core. Validated here, at the
 * edge, so the core only ever sees well-formed input. Messages are written for people.
 */

// Control characters other than tab and newlines are never meaningful in a report.
// eslint-disable-next-line no-control-regex -- matching them is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const ANGLE = /[<>]/;

const text = (max: number, what: string) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .max(max, `${what} must be ${max} characters or fewer`)
    .refine((s) => !CONTROL.test(s), `${what} must not contain control characters`);

/** Short fields that are names, not prose: no markup characters at all. */
const plainText = (max: number, what: string) =>
  text(max, what).refine((s) => !ANGLE.test(s), `${what} must not contain < or >`);

const pointSchema = z.strictObject({
  lat: z
    .number({ error: "Latitude must be a number" })
    .min(-90, "Latitude must be between -90 and 90")
    .max(90, "Latitude must be between -90 and 90"),
  lng: z
    .number({ error: "Longitude must be a number" })
    .min(-180, "Longitude must be between -180 and 180")
    .max(180, "Longitude must be between -180 and 180"),
});

const postcodeSchema = z.strictObject({
  postcode: z
    .string({ error: "Postcode must be text" })
    .max(16, "Enter a real postcode")
    .transform((s, ctx) => {
      const normalised = normalisePostcode(s);
      if (!normalised) {
        ctx.addIssue({ code: "custom", message: "Enter a real postcode, like ZX1 2AB" });
        return z.NEVER;
      }
      return normalised;
    }),
});

export const reportInputSchema = z.strictObject({
  service: z.string({ error: "Service is required" }).max(40, "Service is not one we offer"),
  answers: z.record(
    z.string().max(40, "Question id is too long"),
    z.string({ error: "Each answer must be text" }).max(40, "Answer is too long"),
    { error: "Answers must be an object of question id to answer" },
  ),
  location: z.unknown().transform((value, ctx) => {
    // Choose the shape by its keys so errors name the real problem ("Enter a real postcode"),
    // not a generic "matches neither" from a union.
    const keys = value && typeof value === "object" && !Array.isArray(value) ? Object.keys(value) : [];
    const schema = keys.includes("postcode") ? postcodeSchema : keys.length > 0 ? pointSchema : undefined;
    const result = schema?.safeParse(value);
    if (!result?.success) {
      const issues = result?.error.issues ?? [
        { path: [], message: "Location must be either {lat, lng} or {postcode}" },
      ];
      for (const issue of issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
      return z.NEVER;
    }
    return result.data;
  }),
  roadName: plainText(120, "Road name").optional(),
  /** When the problem happens or happened, in the resident's words. */
  when: text(200, "When").optional(),
  description: text(2000, "Description").min(1, "Describe the problem"),
  reporter: z
    .strictObject({
      name: plainText(100, "Name").optional(),
      email: z
        .email("Enter an email address in the correct format, like name@example.com")
        .max(254)
        .optional(),
      phone: z
        .string()
        .trim()
        .regex(/^\+?[0-9 ()-]{10,20}$/, "Enter a telephone number, like 01632 960 001 or +44 808 157 0192")
        .optional(),
      shareWithParish: z.boolean({ error: "shareWithParish must be true or false" }).default(false),
    })
    .optional(),
});

export type ReportInput = z.infer<typeof reportInputSchema>;

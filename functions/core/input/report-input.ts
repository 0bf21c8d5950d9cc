import * as z from "zod";
import { normalisePostcode } from "./postcode.js";
import {
  isWellFormed,
  NOT_IN_FREE_TEXT,
  NOT_IN_SINGLE_LINE,
  OTHER_LINE_BREAKS,
  textMessages,
} from "./text-rules.js";

/**
 * A report as any channel (JSON API, form, Open311) hands it to the core. Validated here, at the
 * edge, so the core only ever sees well-formed input. Messages are written for people. Which
 * characters each kind of field takes is set out in `text-rules.ts`.
 */

const ANGLE = /[<>]/;

/**
 * The longest description any channel takes: GeoReport v2's limit, so an Open311 client's text
 * (FixMyStreet's "title / detail / url" block included) is never refused for its length.
 */
export const MAX_DESCRIPTION_LENGTH = 4000;

/** Any text at all: a string of well-formed Unicode, checked before anything else about it. */
export const readableText = (what: string, missing = `${what} must be text`) =>
  z.string({ error: missing }).refine(isWellFormed, { message: textMessages.illFormed(what), abort: true });

/** One line: no control, line-break or bidi characters. */
export const singleLine = (max: number, what: string) =>
  readableText(what)
    .refine((s) => !NOT_IN_SINGLE_LINE.test(s), { message: textMessages.singleLine(what), abort: true })
    .trim()
    .max(max, `${what} must be ${max} characters or fewer`);

/** Short fields that are names of places, not prose: no markup characters at all. */
const plainText = (max: number, what: string) =>
  singleLine(max, what).refine((s) => !ANGLE.test(s), `${what} must not contain < or >`);

/** Prose over several lines (see `text-rules.ts` for what it may hold). */
const freeText = (max: number, what: string) =>
  readableText(what)
    .refine((s) => !NOT_IN_FREE_TEXT.test(s), { message: textMessages.freeText(what), abort: true })
    .trim()
    .max(max, `${what} must be ${max} characters or fewer`);

/** "http:", "www.", or a domain-like token ("evil.example", "bit.ly"). */
const WEB_ADDRESS = /https?:|www\.|[\p{L}\p{N}-]+\.\p{L}{2,}/iu;
/** A person's name in any script: letters and marks, with spaces, hyphens, apostrophes and full stops. */
const PERSON_NAME = /^\p{L}[\p{L}\p{M} '\u2019.-]*$/u;

/** Fewer than three digits is no number anyone can ring. */
const MIN_PHONE_DIGITS = 3;

/**
 * A telephone number as the resident wrote it ("01632 960 001 ext. 2", "+44 (0)1632 960001 x2",
 * "07700 900123 / 01632 960001"): one line, with digits, never a web address.
 */
export const telephoneNumber = (what: string) =>
  singleLine(40, what)
    .refine((s) => !WEB_ADDRESS.test(s), { message: `${what} must not contain a web address`, abort: true })
    .refine(
      (s) => (s.match(/[0-9]/g)?.length ?? 0) >= MIN_PHONE_DIGITS,
      "Enter a telephone number, like 01632 960 001 or +44 808 157 0192",
    );

/** An email address, one line. */
export const emailAddress = (what: string) =>
  singleLine(254, what).pipe(z.email("Enter an email address in the correct format, like name@example.com"));

/**
 * A person's name, which clerks read and reply to: never a web address or anything else that is
 * not a name (the report's text is where a resident says what they want to say).
 */
export const personName = (what: string) =>
  singleLine(100, what)
    .refine((s) => !WEB_ADDRESS.test(s), { message: `${what} must not contain a web address`, abort: true })
    .refine(
      (s) => PERSON_NAME.test(s),
      `${what} can only contain letters, spaces, hyphens, apostrophes and full stops`,
    );

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
  postcode: singleLine(16, "Postcode").transform((s, ctx) => {
    const normalised = normalisePostcode(s);
    if (!normalised) {
      ctx.addIssue({ code: "custom", message: "Enter a real postcode, like ZX1 2AB" });
      return z.NEVER;
    }
    return normalised;
  }),
});

/** Asked for progress emails with nowhere to send them. */
export const PROGRESS_EMAILS_NEED_AN_ADDRESS = "Enter your email address to get progress emails";

export const reportInputSchema = z.strictObject({
  service: readableText("Service", "Service is required").max(40, "Service is not one we offer"),
  answers: z.record(
    readableText("Question id").max(40, "Question id is too long"),
    readableText("Each answer").max(40, "Answer is too long"),
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
  when: singleLine(200, "When").optional(),
  /**
   * Empty when not given: whether the service needs one is the core's to say (`submitReport`), as
   * it depends on the service and on where the rules send the report.
   */
  description: freeText(MAX_DESCRIPTION_LENGTH, "Description")
    .transform((s) => s.replace(OTHER_LINE_BREAKS, "\n").trim())
    .default(""),
  reporter: z
    .strictObject({
      name: personName("Name").optional(),
      email: emailAddress("Email address").optional(),
      phone: telephoneNumber("Telephone number").optional(),
      shareWithParish: z.boolean({ error: "shareWithParish must be true or false" }).default(false),
      /** Email me when there is progress: needs an email address to send to. */
      wantsUpdates: z.boolean({ error: "wantsUpdates must be true or false" }).optional(),
    })
    .refine((r) => !r.wantsUpdates || r.email !== undefined, {
      message: PROGRESS_EMAILS_NEED_AN_ADDRESS,
      path: ["email"],
    })
    .optional(),
});

export type ReportInput = z.infer<typeof reportInputSchema>;

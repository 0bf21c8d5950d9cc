import * as z from "zod/mini";

/**
 * What the form's privacy notice and accessibility statement say about the council, per deployment
 * (cdk.json `publicInfo`, given to the web function as `PUBLIC_INFO`, JSON): how to contact it, its
 * data protection officer, and the statement's compliance status and dates. Nothing here is
 * written into the pages, so no deployment claims "fully compliant" or a date it did not set.
 */
const line = z.string().check(z.trim(), z.minLength(1), z.maxLength(120));
/** A postal address, one line an entry: ["Council Offices", "Market Street", "Exampleton", "ZX1 1AA"]. */
const address = z.array(line).check(z.minLength(2), z.maxLength(8));
const phone = z
  .string()
  .check(z.trim(), z.regex(/^\+?[0-9 ()-]{7,20}$/, "must be a telephone number like 01234 567890"));

/** A calendar date, `2026-11-23`, that exists. */
const isoDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2026-11-23"),
  z.refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, "must be a real date"),
);

/**
 * A WCAG 2.2 success criterion, its number then its name as the standard gives it:
 * "1.4.3 Contrast (Minimum)", "2.1.1 Keyboard".
 */
const criterion = z
  .string()
  .check(
    z.trim(),
    z.maxLength(80),
    z.regex(
      /^[1-4]\.\d{1,2}\.\d{1,2} [A-Z][^\s].*$/,
      'must be a WCAG criterion like "1.4.3 Contrast (Minimum)"',
    ),
  );

/**
 * One failure of WCAG 2.2 AA, as the GOV.UK sample statement lists them under "Non-compliance with
 * the accessibility regulations": what does not work and for whom, the criterion it fails, and when
 * it will be fixed. Something that is not a WCAG failure (no audit yet) is an `improvement` instead.
 */
const knownIssue = z.strictObject({
  /** "The map of the location cannot be used with a keyboard". */
  description: z.string().check(z.trim(), z.minLength(1), z.maxLength(300)),
  criterion,
  /** When it will be fixed, or the plan: "We plan to fix this by March 2027". */
  plan: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
});

/** Working days, as the confirmation page says them: "usually within 10 working days". */
const workingDays = z.int().check(z.minimum(1), z.maximum(60));

export const publicInfoSchema = z.strictObject({
  /**
   * How soon each kind of body usually responds to a report, for the confirmation page's "what
   * happens next". Unset: the page names who has the report but promises no time.
   */
  responseTimes: z.optional(
    z.strictObject({
      /** Parish and town councils and parish meetings (clerks are often part-time). */
      parishWorkingDays: workingDays,
      /** The district council's own team. */
      districtWorkingDays: workingDays,
    }),
  ),
  /** Where residents ask for another format or report an accessibility problem. */
  contact: z.strictObject({ email: z.email(), phone, address }),
  /** The data protection officer, named in the privacy notice. */
  dataProtection: z.strictObject({ email: z.email(), address: z.optional(address) }),
  accessibility: z
    .strictObject({
      /** The GOV.UK model statement's three states: fully, partially or not compliant with WCAG 2.2 AA. */
      status: z.enum(["full", "partial", "not"]),
      /** Required unless fully compliant, and only then: the statement lists them. */
      knownIssues: z._default(z.array(knownIssue).check(z.maxLength(10)), []),
      /**
       * "What we're doing to improve accessibility": plans that are not fixes of a listed failure,
       * such as an audit not yet done ("We will have the service audited by March 2027").
       */
      improvements: z._default(
        z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(300))).check(z.maxLength(5)),
        [],
      ),
      /** When the statement was first prepared, and last reviewed (the model asks for both). */
      preparedOn: isoDate,
      reviewedOn: z.optional(isoDate),
      /** When the service was last tested, and by whom ("the council's digital team"). */
      testedOn: z.optional(isoDate),
      testedBy: z.optional(line),
      /** Working days to answer a request for another format (the model's "we'll get back to you in"). */
      replyWorkingDays: z._default(z.int().check(z.minimum(1), z.maximum(30)), 10),
    })
    .check(
      z.refine((a) => (a.status === "full") === (a.knownIssues.length === 0), {
        message: "list knownIssues when status is partial or not, and none when full",
        path: ["knownIssues"],
      }),
      z.refine((a) => !a.reviewedOn || a.reviewedOn >= a.preparedOn, {
        message: "must not be before preparedOn",
        path: ["reviewedOn"],
      }),
    ),
});

export type PublicInfo = z.infer<typeof publicInfoSchema>;

/** The environment variable: JSON, parsed then checked; unset is allowed here (only the form needs it). */
export const publicInfoVariable = z.pipe(
  z.transform((value: unknown, payload) => {
    if (typeof value !== "string") return value;
    try {
      return JSON.parse(value) as unknown;
    } catch (error) {
      payload.issues.push({
        code: "custom",
        input: value,
        message: `is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      });
      return z.NEVER;
    }
  }),
  publicInfoSchema,
);

import * as z from "zod";
import { BODY_ROUTE_PREFIX, ROLES, type RouteTarget, isRole } from "../bodies/roles.js";

/**
 * The shape of a service definition file (`functions/core/services/*.json`). A service is data: its
 * questions and an ordered list of routing rules. Cross-references (rule → question → option) and
 * rule coverage are checked by `loadService`, so a broken file fails the tests, `npm run
 * check:services` and the local stack's start, never a resident (see functions/core/services).
 */
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lower-case words joined by hyphens");

export const optionSchema = z.strictObject({
  value: slug,
  label: z.string().min(1),
  hint: z.string().min(1).optional(),
});

export const questionSchema = z.strictObject({
  id: slug,
  /** Asked as the page heading, e.g. "Is anyone in immediate danger?". */
  title: z.string().min(1),
  hint: z.string().min(1).optional(),
  /** Shown when nothing is chosen, in GOV.UK style: "Select yes if anyone is in immediate danger". */
  errorMessage: z.string().min(1),
  options: z.array(optionSchema).min(2),
});

export const signpostSchema = z.strictObject({
  title: z.string().min(1),
  message: z.string().min(1),
  link: z.strictObject({ text: z.string().min(1), href: z.url() }).optional(),
});

const ruleBase = {
  id: slug,
  /** Every listed question must have one of the listed answers; `{}` matches anything. */
  when: z.record(slug, z.array(slug).min(1)),
  /** Why this rule exists, for staff reading a case. */
  description: z.string().min(1),
};

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * A role, resolved from where the report is, or one body by its id (`body:national-highways`);
 * whether the id is a listed body is checked against the bodies file by `npm run check:services`.
 */
export const routeTargetSchema = z.custom<RouteTarget>(
  (value) =>
    typeof value === "string" &&
    (isRole(value) ||
      (value.startsWith(BODY_ROUTE_PREFIX) && SLUG.test(value.slice(BODY_ROUTE_PREFIX.length)))),
  { message: `must be a role (${ROLES.join(", ")}) or body:<id>, such as body:national-highways` },
);

export const ruleSchema = z.union([
  z.strictObject({ ...ruleBase, route: routeTargetSchema }),
  z.strictObject({ ...ruleBase, signpost: signpostSchema }),
]);

const fieldText = z.strictObject({ label: z.string().min(1), hint: z.string().min(1).optional() });

/** Labels for the free-text details page; `when` and `roadName` are asked only if present. */
export const detailsSchema = z.strictObject({
  description: fieldText.extend({
    errorMessage: z.string().min(1),
    /**
     * Whether a report routed by the rules needs a description (default true). False where the
     * questions already say what is wrong; a signposted report never needs one.
     */
    required: z.boolean().optional(),
  }),
  when: fieldText.optional(),
  roadName: fieldText.optional(),
});

export const serviceSchema = z.strictObject({
  id: slug,
  name: z.string().min(1),
  /** Prefix of case references, e.g. SPD in SPD-7K3Q-9XW2. */
  referencePrefix: z.string().regex(/^[A-Z]{2,5}$/, "must be 2 to 5 capital letters"),
  summary: z.string().min(1),
  questions: z.array(questionSchema).min(1),
  rules: z.array(ruleSchema).min(1),
  details: detailsSchema,
});

export type ServiceDefinition = z.infer<typeof serviceSchema>;
export type Question = z.infer<typeof questionSchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type Signpost = z.infer<typeof signpostSchema>;

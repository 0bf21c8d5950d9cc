import * as z from "zod";
import type { FieldIssue } from "#core/errors.js";
import { normalisePostcode } from "#core/input/postcode.js";
import { personName, type ReportInput, reportInputSchema, singleLine } from "#core/input/report-input.js";
import { checkAnswers } from "#core/routing/evaluate-rules.js";
import type { ServiceDefinition } from "#core/routing/service-schema.js";
import { fieldIssues } from "../zod-issues.js";

/**
 * A GeoReport v2 `POST requests` form, turned into the same `ReportInput` the JSON API and the form
 * hand to the core, then checked by the same schema. Errors name the Open311 fields
 * (`attribute[outcome]`, `lat`, `address_string`), never our internal paths.
 */
export type ParsedRequestForm = { ok: true; input: ReportInput } | { ok: false; issues: FieldIssue[] };

const ATTRIBUTE = /^attribute\[([^\]]*)\]$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
// A UK postcode anywhere in a free-text address, e.g. "12 Mill Lane, Ashcombe ZX2 1FD".
const POSTCODE_IN_TEXT = /\b([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})\b/i;

/** The fields we read; the spec's others (device_id, account_id, media_url, …) are ignored. */
const formSchema = z.object({
  service_code: z.string().optional(),
  lat: z.string().optional(),
  long: z.string().optional(),
  address_string: z.string().optional(),
  description: z.string().optional(),
  email: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  phone: z.string().optional(),
});

/** Blank fields count as not sent: form clients send every field they know. */
function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

/** Open311 fields that do not map one to one onto a report field are checked on their own. */
const addressSchema = singleLine(300, "address_string");
const firstNameSchema = personName("first_name");
const lastNameSchema = personName("last_name");

/** A sent field checked by its own schema; a refusal is added to `issues` under its Open311 name. */
function checked(
  value: string | undefined,
  schema: z.ZodType<string, string>,
  field: string,
  issues: FieldIssue[],
): { value?: string; refused: boolean } {
  if (present(value) === undefined) return { refused: false };
  const result = schema.safeParse(value);
  if (result.success) return { value: result.data, refused: false };
  issues.push({ field, message: result.error.issues[0]?.message ?? "This is not valid" });
  return { refused: true };
}

/**
 * `service` is the definition named by `service_code`: its attributes are checked here too, so one
 * answer names every bad field at once.
 */
export function parseRequestForm(
  fields: Record<string, string>,
  service: ServiceDefinition,
): ParsedRequestForm {
  const form = formSchema.parse(
    Object.fromEntries(Object.entries(fields).filter(([name]) => Object.hasOwn(formSchema.shape, name))),
  );
  const issues: FieldIssue[] = [];

  const answers: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    const match = ATTRIBUTE.exec(name);
    if (!match || present(value) === undefined) continue;
    const code = match[1] as string;
    // Question ids are slugs; anything else (even "__proto__") is named, never used as a key.
    if (/^[a-z0-9-]{1,40}$/.test(code)) answers[code] = value.trim();
    else issues.push({ field: name.slice(0, 60), message: "This is not an attribute of this service" });
  }
  for (const issue of checkAnswers(service, answers)) {
    issues.push({ field: open311Field(issue.field), message: issue.message });
  }

  const lat = present(form.lat);
  const long = present(form.long);
  // One line of plain text, checked before a postcode is looked for in it.
  const addressField = checked(form.address_string, addressSchema, "address_string", issues);
  const address = addressField.value;
  let location: unknown;
  let roadName: string | undefined;
  if (lat !== undefined || long !== undefined) {
    if (lat === undefined) issues.push({ field: "lat", message: "Give lat as well as long" });
    if (long === undefined) issues.push({ field: "long", message: "Give long as well as lat" });
    location = {
      lat: lat !== undefined && NUMBER.test(lat.trim()) ? Number(lat) : lat,
      lng: long !== undefined && NUMBER.test(long.trim()) ? Number(long) : long,
    };
    roadName = address;
  } else if (address !== undefined) {
    const postcode = normalisePostcode(address) ?? postcodeIn(address);
    if (postcode) {
      location = { postcode };
      const rest = address
        .replace(POSTCODE_IN_TEXT, "")
        .replace(/^[\s,]+|[\s,]+$/g, "")
        .trim();
      roadName = normalisePostcode(address) !== undefined || rest === "" ? undefined : rest;
    } else {
      issues.push({
        field: "address_string",
        message: "We could not find a UK postcode in address_string; give lat and long instead",
      });
    }
  } else if (!addressField.refused) {
    issues.push({
      field: "lat",
      message: "Give the location as lat and long (WGS84), or a postcode in address_string",
    });
  }

  // Each part of the name is checked under its own field, so the error names the right one.
  const first = checked(form.first_name, firstNameSchema, "first_name", issues);
  const last = checked(form.last_name, lastNameSchema, "last_name", issues);
  const name = [first.value, last.value].filter((part) => part !== undefined).join(" ");
  // Not trimmed here: the schema refuses a line break even at the end, then trims.
  const email = present(form.email);
  const phone = present(form.phone);
  const reporter =
    name || email || phone
      ? {
          ...(name ? { name } : {}),
          ...(email ? { email } : {}),
          ...(phone ? { phone } : {}),
          // Open311 has no consent field: a parish council never sees these details.
          shareWithParish: false,
        }
      : undefined;

  const candidate = {
    service: service.id,
    answers,
    location: location ?? { lat: 0, lng: 0 },
    ...(roadName ? { roadName } : {}),
    description: form.description ?? "",
    ...(reporter ? { reporter } : {}),
  };
  const parsed = reportInputSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of fieldIssues(parsed.error)) {
      // A placeholder location only keeps the schema from repeating the location problem.
      if (location === undefined && issue.field.startsWith("location")) continue;
      issues.push({ field: open311Field(issue.field), message: issue.message });
    }
  }
  if (issues.length > 0 || !parsed.success) return { ok: false, issues: unique(issues) };
  return { ok: true, input: parsed.data };
}

function postcodeIn(text: string): string | undefined {
  const match = POSTCODE_IN_TEXT.exec(text);
  return match ? normalisePostcode(`${match[1]} ${match[2]}`) : undefined;
}

/** Our `ReportInput` paths, as the Open311 field a client sent. */
export function open311Field(field: string): string {
  if (field.startsWith("answers.")) return `attribute[${field.slice("answers.".length)}]`;
  const names: Record<string, string> = {
    service: "service_code",
    answers: "attribute",
    location: "lat",
    "location.lat": "lat",
    "location.lng": "long",
    "location.postcode": "address_string",
    roadName: "address_string",
    description: "description",
    "reporter.name": "first_name",
    "reporter.email": "email",
    "reporter.phone": "phone",
  };
  return names[field] ?? field;
}

function unique(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.field}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

import * as z from "zod";
import type { FromClient } from "#core/case/case.js";
import type { FieldIssue } from "#core/errors.js";
import { normalisePostcode } from "#core/input/postcode.js";
import {
  emailAddress,
  personName,
  type ReportInput,
  reportInputSchema,
  singleLine,
  telephoneNumber,
} from "#core/input/report-input.js";
import { checkAnswers } from "#core/routing/evaluate-rules.js";
import type { ServiceDefinition } from "#core/routing/service-schema.js";
import { fieldIssues } from "../zod-issues.js";
import { collectFromClient, type FromClientCollector } from "./from-client.js";
import { keptDescription } from "./kept-description.js";

/**
 * A GeoReport v2 `POST requests` form, turned into the same `ReportInput` the JSON API and the form
 * hand to the core, then checked by the same schema. Only what stops the report being routed is
 * refused (the location, mainly); errors
 * name the Open311 fields (`attribute[outcome]`, `lat`, `address_string`), never our internal
 * paths. Anything else the client sent that we cannot use (a name that is not a name, a phone
 * number with no digits, attributes that are not questions of the service, photo links) is kept
 * beside the report or named in `fromClient.notUsed`, never a reason to lose the report.
 */
export type ParsedRequestForm =
  { ok: true; input: ReportInput; fromClient?: FromClient } | { ok: false; issues: FieldIssue[] };

/** Beyond each field's first value: every field in the order sent, and file parts counted. */
export interface RequestFormExtras {
  pairs?: ReadonlyArray<readonly [string, string]>;
  files?: number;
}

const ATTRIBUTE = /^attribute\[([^\]]*)\]$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
// A UK postcode anywhere in a free-text address, e.g. "12 Mill Lane, Ashcombe ZX2 1FD".
const POSTCODE_IN_TEXT = /\b([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})\b/i;

/**
 * The fields we read. The spec's others (device_id, deviceid, account_id, address_id,
 * jurisdiction_id, api_key) are ignored without error; media_url is read from every value sent.
 */
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
const roadNameSchema = reportInputSchema.shape.roadName.unwrap();
/** The reporter's details, each checked alone: one that fails is left off, not a refusal. */
const contactSchemas = {
  first_name: personName("first_name"),
  last_name: personName("last_name"),
  email: emailAddress("email"),
  phone: telephoneNumber("phone"),
} as const;

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

/** A sent contact field, or undefined with the reason in `notUsed` (the message, never the value). */
function usable(
  form: z.infer<typeof formSchema>,
  field: keyof typeof contactSchemas,
  extras: FromClientCollector,
): string | undefined {
  const value = present(form[field]);
  if (value === undefined) return undefined;
  const result = contactSchemas[field].safeParse(value);
  if (result.success) return result.data;
  const message = result.error.issues[0]?.message ?? "";
  // The form's "Enter a …" prompts are for residents; staff are told what was wrong.
  extras.notUsed(field, message.startsWith("Enter ") || message === "" ? NOT_USABLE[field] : message);
  return undefined;
}

const NOT_USABLE: Record<keyof typeof contactSchemas, string> = {
  first_name: "not usable as a name",
  last_name: "not usable as a name",
  email: "not an email address in the correct format",
  phone: "not a telephone number (it needs at least three digits)",
};

/**
 * `service` is the definition named by `service_code`: its attributes are checked here too, so one
 * answer names every bad field at once.
 */
export function parseRequestForm(
  fields: Record<string, string>,
  service: ServiceDefinition,
  { pairs = Object.entries(fields), files = 0 }: RequestFormExtras = {},
): ParsedRequestForm {
  const form = formSchema.parse(
    Object.fromEntries(Object.entries(fields).filter(([name]) => Object.hasOwn(formSchema.shape, name))),
  );
  const issues: FieldIssue[] = [];
  const extras = collectFromClient();
  const questions = new Set(service.questions.map((question) => question.id));

  // In the order sent: a question's first answer counts; any other attribute is kept beside it.
  const answers: Record<string, string> = {};
  for (const [name, value] of pairs) {
    if (name === "media_url") {
      extras.mediaUrl(value);
      continue;
    }
    const match = ATTRIBUTE.exec(name);
    if (!match) continue;
    const code = match[1] as string;
    if (!questions.has(code)) extras.attribute(name, code, value);
    else if (present(value) !== undefined && !Object.hasOwn(answers, code)) answers[code] = value.trim();
  }
  extras.files(files);
  // An answer that is not one of the question's options (a client with an old copy of the service
  // definition) is left off and noted: the report then goes to the district, which decides.
  for (const issue of checkAnswers(service, answers)) {
    const questionId = issue.field.slice("answers.".length);
    extras.notUsed(open311Field(issue.field), `not an answer we know (${issue.message.toLowerCase()})`);
    delete answers[questionId];
  }

  const lat = present(form.lat);
  const long = present(form.long);
  // One line of plain text, checked before a postcode is looked for in it.
  // Beside lat and long it only names the place, so one we cannot use is left off, not refused.
  const pointGiven = lat !== undefined || long !== undefined;
  const addressIssues: FieldIssue[] = [];
  const addressField = checked(form.address_string, addressSchema, "address_string", addressIssues);
  for (const issue of addressIssues) {
    if (pointGiven) extras.notUsed(issue.field, issue.message);
    else issues.push(issue);
  }
  const address = addressField.value;
  let location: unknown;
  let place: string | undefined;
  if (pointGiven) {
    if (lat === undefined) issues.push({ field: "lat", message: "Give lat as well as long" });
    if (long === undefined) issues.push({ field: "long", message: "Give long as well as lat" });
    location = {
      lat: lat !== undefined && NUMBER.test(lat.trim()) ? Number(lat) : lat,
      lng: long !== undefined && NUMBER.test(long.trim()) ? Number(long) : long,
    };
    place = address;
  } else if (address !== undefined) {
    const postcode = normalisePostcode(address) ?? postcodeIn(address);
    if (postcode) {
      location = { postcode };
      const rest = address
        .replace(POSTCODE_IN_TEXT, "")
        .replace(/^[\s,]+|[\s,]+$/g, "")
        .trim();
      place = normalisePostcode(address) !== undefined || rest === "" ? undefined : rest;
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
  // The address beside a location is the road's name for staff: kept only if it reads as one.
  let roadName: string | undefined;
  if (place !== undefined) {
    const road = roadNameSchema.safeParse(place);
    if (road.success) roadName = road.data;
    else extras.notUsed("address_string", `not used as the road name: ${road.error.issues[0]?.message}`);
  }

  // Each part of the name on its own; a name missing a part would mislead, so both go if one does.
  const first = usable(form, "first_name", extras);
  const last = usable(form, "last_name", extras);
  const firstRefused = present(form.first_name) !== undefined && first === undefined;
  const lastRefused = present(form.last_name) !== undefined && last === undefined;
  if (firstRefused && last !== undefined) extras.notUsed("last_name", "left off with first_name");
  if (lastRefused && first !== undefined) extras.notUsed("first_name", "left off with last_name");
  const name =
    firstRefused || lastRefused ? "" : [first, last].filter((part) => part !== undefined).join(" ");
  const email = usable(form, "email", extras);
  const phone = usable(form, "phone", extras);
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
    ...(present(form.description) !== undefined
      ? { description: keptDescription(form.description ?? "", extras) }
      : {}),
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
  const fromClient = extras.result();
  return { ok: true, input: parsed.data, ...(fromClient ? { fromClient } : {}) };
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

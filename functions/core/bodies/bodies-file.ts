import * as z from "zod";
import type { Bodies, Body } from "../case/bodies.js";
import { BodiesFileError } from "../errors.js";
import type { BodyKind, RoutingBodies, RoutingBody } from "./body.js";
import { type RoleFallbacks, fallbackProblems, withDefaultFallbacks } from "./role-fallbacks.js";
import { BODY_ROUTE_PREFIX, ROLES } from "./roles.js";
import { createRoutingBodies } from "./routing-bodies.js";

/**
 * The shape of a bodies file (`bodies.json` in a geodata folder). Two kinds of entry:
 * - an area's own body, keyed by its ONS code: each parish's council or meeting (reached through
 *   the clerk directory), and a council's own name for its district or unitary area;
 * - a routing body, keyed by an id: county highways, the police or road safety partnership,
 *   National Highways, reached by email, with the roles it plays and the areas it covers.
 * `fallbacks` may replace DEFAULT_ROLE_FALLBACKS for some roles.
 */
const areaCode = z.string().regex(/^[EWSN]\d{8}$/, "must be an ONS area code such as E04999001");
const name = z.string().trim().min(1).max(120);

const AREA_BODY_KINDS = [
  "parish-council",
  "town-council",
  "community-council",
  "parish-meeting",
  "district-council",
  "unitary-council",
] as const satisfies readonly BodyKind[];

const ROUTING_BODY_KINDS = [
  "county-council",
  "road-safety-partnership",
  "police",
  "national-highways",
  "district-council",
  "unitary-council",
  "other",
] as const satisfies readonly BodyKind[];

const areaBodySchema = z.strictObject({ area: areaCode, name, kind: z.enum(AREA_BODY_KINDS) });

const routingBodySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lower-case words joined by hyphens"),
  name,
  kind: z.enum(ROUTING_BODY_KINDS),
  // A parish's body comes from the area it is in and the district is the council running the
  // area (its team mailbox, from the councils' settings): neither is a routing body's to play.
  roles: z.array(
    z.enum(ROLES).refine((role) => role !== "parish" && role !== "district", {
      message:
        "parish and district are not a listed body's to play: a parish's body is keyed by its area, and the district is the council running the area",
    }),
  ),
  covers: z.array(areaCode),
  reach: z.strictObject({ email: z.email("must be an email address") }),
  phone: z
    .string()
    .regex(/^\+?[0-9][0-9 ]{5,19}$/, "must be a phone number of digits and spaces")
    .optional(),
});

const fileSchema = z.strictObject({
  bodies: z.array(z.record(z.string(), z.unknown())),
  fallbacks: z.partialRecord(z.enum(ROLES), z.array(z.enum(ROLES))).optional(),
});

/** What a bodies file holds, ready to use. */
export interface BodiesFile {
  /** Every body's own name and kind, by destination code: an area's ONS code, or a body's id. */
  names: Bodies;
  /** The bodies reports can be routed to by role or id. */
  bodies: RoutingBodies;
  /** The declared fallbacks over the defaults. */
  fallbacks: RoleFallbacks;
}

/** A bodies file with no entries: every parish is its "Parish Council", every role falls back. */
export const NO_BODIES: BodiesFile = {
  names: new Map(),
  bodies: createRoutingBodies([]),
  fallbacks: withDefaultFallbacks(),
};

export interface BodiesFileChecks {
  /**
   * Whether the boundary data holds an area: true or false where its layer was read, undefined
   * where it was not (`npm run check:services` reads the geodata; a function's load does not).
   */
  areaExists?: (code: string) => boolean | undefined;
}

/**
 * Validates a bodies file's JSON. Beyond the shape: ids and area codes are unique, a body with a
 * role covers some area, no two bodies hold a role for the same area, and the fallbacks end at the
 * district; with `areaExists`, every code names an area of the boundary data. Every fault is named
 * with the source, the path inside it and what is wrong.
 */
export function parseBodiesFile(source: string, raw: unknown, checks: BodiesFileChecks = {}): BodiesFile {
  const problems: string[] = [];
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) throw bodiesFault(source, issueLines(parsed.error, []));
  const names = new Map<string, Body>();
  const routing: RoutingBody[] = [];
  const holders = new Map<string, string>();
  const checkArea = (path: string, code: string) => {
    if (checks.areaExists?.(code) === false)
      problems.push(`${path}: ${code} is not an area of the boundary data`);
  };
  parsed.data.bodies.forEach((entry, index) => {
    const at = ["bodies", index];
    if ("id" in entry) {
      const body = routingBodySchema.safeParse(entry);
      if (!body.success) return void problems.push(...issueLines(body.error, at));
      const { id, roles, covers } = body.data;
      if (names.has(id)) problems.push(`${at.join(".")}.id: "${id}" is listed twice`);
      if (roles.length > 0 && covers.length === 0)
        problems.push(`${at.join(".")}.covers: a body with roles must cover at least one area`);
      for (const role of roles) {
        for (const code of covers) {
          const other = holders.get(`${role}#${code}`);
          if (other) problems.push(`${at.join(".")}.covers: ${other} is already the ${role} for ${code}`);
          holders.set(`${role}#${code}`, id);
        }
      }
      covers.forEach((code, ci) => checkArea(`${at.join(".")}.covers.${ci}`, code));
      routing.push(body.data);
      names.set(id, { area: id, name: body.data.name, kind: body.data.kind });
    } else {
      const body = areaBodySchema.safeParse(entry);
      if (!body.success) return void problems.push(...issueLines(body.error, at));
      if (names.has(body.data.area)) problems.push(`${at.join(".")}.area: ${body.data.area} is listed twice`);
      checkArea(`${at.join(".")}.area`, body.data.area);
      names.set(body.data.area, body.data);
    }
  });
  const declared = parsed.data.fallbacks ?? {};
  problems.push(...fallbackProblems(declared));
  if (problems.length > 0) throw bodiesFault(source, problems);
  return { names, bodies: createRoutingBodies(routing), fallbacks: withDefaultFallbacks(declared) };
}

/**
 * Faults in services' rules that name a body (`body:<id>`) the bodies file does not list, each as
 * `<service file> at rules.<n>.route: fault`.
 */
export function unlistedRouteBodies(
  services: Iterable<{ source: string; rules: readonly ({ route: string } | object)[] }>,
  bodies: BodiesFile,
  bodiesSource: string,
): string[] {
  const problems: string[] = [];
  for (const { source, rules } of services) {
    rules.forEach((rule, ri) => {
      if (!("route" in rule) || !rule.route.startsWith(BODY_ROUTE_PREFIX)) return;
      const id = rule.route.slice(BODY_ROUTE_PREFIX.length);
      if (!bodies.bodies.byId(id))
        problems.push(`${source} at rules.${ri}.route: no body "${id}" is listed in ${bodiesSource}`);
    });
  }
  return problems;
}

function issueLines(error: z.ZodError, prefix: readonly (string | number)[]): string[] {
  return error.issues.map((i) => `${[...prefix, ...i.path].join(".") || "(root)"}: ${i.message}`);
}

function bodiesFault(source: string, problems: readonly string[]): BodiesFileError {
  return new BodiesFileError(`${source} is not a valid bodies file:\n  at ${problems.join("\n  at ")}`);
}

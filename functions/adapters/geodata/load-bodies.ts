import { join } from "node:path";
import * as z from "zod";
import type { Bodies, Body } from "#core/case/bodies.js";
import { readOptional } from "./read-optional.js";

export const BODIES_FILE = "bodies.json";

const bodiesFileSchema = z.strictObject({
  bodies: z.array(
    z.strictObject({
      area: z.string().regex(/^[EWSN]\d{8}$/, "must be an ONS area code such as E04999001"),
      name: z.string().trim().min(1).max(120),
      kind: z.enum([
        "parish-council",
        "town-council",
        "community-council",
        "parish-meeting",
        "district-council",
      ]),
    }),
  ),
});

/**
 * The bodies a geodata folder names (`bodies.json`, optional: without it every parish is its
 * "Parish Council"). A broken file fails the load with its path and the fault, never a resident's
 * page later; an area listed twice is a fault too.
 */
export async function loadBodies(dir: string): Promise<Bodies> {
  const path = join(dir, BODIES_FILE);
  const bytes = await readOptional(path);
  if (!bytes) return new Map();
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new Error(`${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = bodiesFileSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  at ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`${path} is not a valid bodies file:\n${lines.join("\n")}`);
  }
  const bodies = new Map<string, Body>();
  for (const body of parsed.data.bodies) {
    if (bodies.has(body.area)) throw new Error(`${path}: area ${body.area} is listed twice`);
    bodies.set(body.area, body);
  }
  return bodies;
}

import { join } from "node:path";
import {
  type BodiesFile,
  type BodiesFileChecks,
  NO_BODIES,
  parseBodiesFile,
} from "#core/bodies/bodies-file.js";
import type { Bodies } from "#core/case/bodies.js";
import { BodiesFileError } from "#core/errors.js";
import { readOptional } from "./read-optional.js";

export const BODIES_FILE = "bodies.json";

/**
 * The bodies a geodata folder describes (`bodies.json`, optional: without it every parish is its
 * "Parish Council" and every role falls back to the council). A broken file fails the load with
 * its path, the path inside it and the fault, never a resident's page later.
 */
export async function loadBodiesFile(dir: string, checks: BodiesFileChecks = {}): Promise<BodiesFile> {
  const path = join(dir, BODIES_FILE);
  const bytes = await readOptional(path);
  if (!bytes) return NO_BODIES;
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new BodiesFileError(`${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseBodiesFile(path, json, checks);
}

/** The bodies' own names by destination code (what pages, emails and the CSV call them). */
export async function loadBodies(dir: string): Promise<Bodies> {
  return (await loadBodiesFile(dir)).names;
}

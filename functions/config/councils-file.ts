import { readFileSync } from "node:fs";
import * as z from "zod/mini";
import { type CouncilSettings, councilSettingsSchema, councilsFaults } from "./council-settings.js";

/**
 * The bundled councils file (`COUNCILS_FILE`): `{ "councils": [ … ] }`, written from the validated
 * `cdk.json` at synth (or by `npm start`). Too big for a Lambda's 4 KB environment, so a file.
 */
export const councilsFileSchema = z.strictObject({ councils: z.array(councilSettingsSchema) });

const read = new Map<string, readonly CouncilSettings[]>();

/** The councils in the file, checked once per path; a fault names the file, the path and the fault. */
export function readCouncilsFile(file: string): readonly CouncilSettings[] {
  const cached = read.get(file);
  if (cached) return cached;
  const councils = parseCouncilsFile(file, readFileSync(file, "utf8"));
  read.set(file, councils);
  return councils;
}

export function parseCouncilsFile(file: string, text: string): readonly CouncilSettings[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${file}: is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      {
        cause: error,
      },
    );
  }
  const parsed = z.safeParse(councilsFileSchema, json);
  const faults = parsed.success
    ? councilsFaults(parsed.data.councils).map((f) => ({ path: ["councils", ...f.path], message: f.message }))
    : parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
  if (faults.length > 0 || !parsed.success) {
    const lines = faults.map((f) => `  ${[...f.path].join(".") || "(file)"}: ${f.message}`);
    throw new Error(`Councils file ${file} is invalid:\n${lines.join("\n")}`);
  }
  return parsed.data.councils;
}

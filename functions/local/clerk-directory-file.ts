import { readFile } from "node:fs/promises";
import * as z from "zod";

/**
 * The demo clerk directory (`geodata/demo/clerks.json`) that the local Modern.Gov-style server
 * publishes. It models what each council's Modern.Gov install knows about its parish councils:
 * every entry names the council (its id, ADR 0012) whose install lists it.
 */
export const clerkDirectoryFileSchema = z.object({
  parishCouncils: z.array(
    z.object({
      /** The council whose install lists the parish; absent: the server's root site. */
      council: z
        .string()
        .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be a council id such as exampleshire-vale")
        .optional(),
      /** Modern.Gov's own numeric id, used in `mgParishCouncilDetails.aspx?ID=<id>`. */
      id: z.number().int().positive(),
      /** The council's title as Modern.Gov spells it (not always the ONS name). */
      title: z.string().min(1),
      website: z.url().optional(),
      /** `null`: the install has the parish but no contact for it. */
      clerk: z
        .object({
          name: z.string().min(1).optional(),
          email: z.email().optional(),
          phone: z.string().optional(),
          address: z.array(z.string()).default([]),
          postcode: z.string().optional(),
        })
        .nullable(),
      /**
       * `full`: the web service XML carries the clerk contact; `name-only`: the XML has only the id
       * and title, so a client must read the HTML details page (as many real installs require).
       */
      xmlDetail: z.enum(["full", "name-only"]).default("full"),
    }),
  ),
});

export type ClerkDirectoryFile = z.infer<typeof clerkDirectoryFileSchema>;
export type ClerkDirectoryEntry = ClerkDirectoryFile["parishCouncils"][number];

/** Reads and checks the file; a fault names the file, where in it, and what is wrong. */
export async function readClerkDirectoryFile(path: string): Promise<ClerkDirectoryFile> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new Error(`${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = clerkDirectoryFileSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  at ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`${path} is not a valid clerk directory:\n${lines.join("\n")}`);
  }
  const ids = new Set<string>();
  for (const [i, { council, id }] of parsed.data.parishCouncils.entries()) {
    const key = `${council ?? ""}#${id}`;
    if (ids.has(key))
      throw new Error(`${path}: at parishCouncils.${i}: id ${id} is listed twice for one council`);
    ids.add(key);
  }
  return parsed.data;
}

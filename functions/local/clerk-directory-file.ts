import { readFile } from "node:fs/promises";
import * as z from "zod";

/**
 * The demo clerk directory (`geodata/demo/clerks.json`) that the local Modern.Gov-style server
 * publishes. It models what a district's Modern.Gov install knows about its parish councils.
 */
export const clerkDirectoryFileSchema = z.object({
  parishCouncils: z.array(
    z.object({
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

export async function readClerkDirectoryFile(path: string): Promise<ClerkDirectoryFile> {
  return clerkDirectoryFileSchema.parse(JSON.parse(await readFile(path, "utf8")));
}

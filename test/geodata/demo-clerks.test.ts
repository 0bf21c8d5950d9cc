import { describe, expect, it } from "vitest";
import { clerkDirectoryFileSchema } from "../../functions/local/clerk-directory-file.js";
import { layer, postcodes, read } from "./demo-files.js";

const parishes = layer("parishes.geojson").features.map((feature) => feature.properties);
const raw = JSON.parse(read("clerks.json")) as unknown;
const entries = clerkDirectoryFileSchema.parse(raw).parishCouncils;

/** Each council's parishes by the code ranges fixed in ADR 0012. */
const COUNCILS: Record<string, RegExp> = {
  "exampleshire-vale": /^E049990/,
  harrowfield: /^E049991/,
  saltmere: /^E049992/,
};

/** Loose council-name matching, just enough to pair the demo titles with ONS names. */
const normalise = (name: string) =>
  name
    .toLowerCase()
    .replace(/\b(parish|town) (council|meeting)\b/g, "")
    .replace(/&/g, " and ")
    .replace(/\bsaint\b/g, "st")
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

describe("demo clerk directory", () => {
  it("validates against the schema, with unique ids and a council on every entry", () => {
    expect(clerkDirectoryFileSchema.safeParse(raw).success).toBe(true);
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(entries.length);
    for (const entry of entries) expect(Object.keys(COUNCILS)).toContain(entry.council);
  });

  it.each(Object.entries(COUNCILS))("lists %s's own parishes, under their own spelling", (council, codes) => {
    const own = parishes.filter((parish) => codes.test(parish.code));
    const names = new Set(own.map((parish) => normalise(parish.name)));
    const listed = entries.filter((entry) => entry.council === council);
    for (const entry of listed) expect(names.has(normalise(entry.title)), entry.title).toBe(true);
    const titles = new Set(listed.map((entry) => normalise(entry.title)));
    const missing = own.filter((parish) => !titles.has(normalise(parish.name))).map((parish) => parish.name);
    // Only Westerholme, in the Vale, is missing from its council's directory.
    expect(missing).toEqual(council === "exampleshire-vale" ? ["Westerholme"] : []);
  });

  it("keeps the awkward cases: odd titles, a missing contact, name-only entries, a shared clerk, no email", () => {
    expect(
      entries.filter((entry) => !parishes.some((p) => entry.title.startsWith(p.name))).length,
    ).toBeGreaterThanOrEqual(4);
    expect(entries.some((entry) => entry.title.includes("'"))).toBe(true);
    expect(entries.filter((entry) => entry.clerk === null)).toHaveLength(1);
    const nameOnly = entries.filter((entry) => entry.xmlDetail === "name-only");
    expect(new Set(nameOnly.map((entry) => entry.council))).toEqual(
      new Set(["exampleshire-vale", "harrowfield"]),
    );
    const emails = entries.flatMap((entry) => (entry.clerk?.email ? [entry.clerk.email] : []));
    expect(emails.length - new Set(emails).size).toBe(1);
    const noEmail = entries.filter((entry) => entry.clerk && !entry.clerk.email);
    expect(noEmail.map((entry) => entry.title)).toEqual(["Merrowby Parish Council"]);
  });

  it("uses only reserved domains, Ofcom drama numbers and demo postcodes", () => {
    for (const entry of entries) {
      if (entry.website) expect(new URL(entry.website).hostname).toMatch(/\.example\.org$/);
      if (entry.clerk?.email) expect(entry.clerk.email).toMatch(/@[a-z0-9-]+\.example\.org$/);
      if (entry.clerk?.phone) expect(entry.clerk.phone).toMatch(/^01632 960\d{3}$/);
      if (entry.clerk?.postcode)
        expect(postcodes.some((row) => row.postcode === entry.clerk?.postcode)).toBe(true);
    }
  });
});

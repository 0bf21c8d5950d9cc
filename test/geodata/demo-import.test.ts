import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { boundariesText } from "../../geodata/import/geojson-text.js";
import { importBoundaries } from "../../geodata/import/import-boundaries.js";
import { DEMO_DIR } from "../../geodata/scripts/generate-demo.js";

const read = (name: string) => readFileSync(join(DEMO_DIR, name), "utf8");
const districts = (
  JSON.parse(read("district.geojson")) as {
    features: { properties: { code: string }; geometry: unknown }[];
  }
).features;

describe("the demo councils through the real-data import path", () => {
  it("import cleanly, one council at a time, and re-import to the committed parishes byte for byte", async () => {
    const counts: Record<string, number> = {};
    const parishes = [];
    for (const district of districts) {
      const code = district.properties.code;
      const imported = await importBoundaries({
        districtFile: join(DEMO_DIR, "district.geojson"),
        districtCode: code,
        parishFiles: [join(DEMO_DIR, "parishes.geojson")],
      });
      // Only notes: the neighbours' parishes are left out, as a real national file's would be.
      expect(imported.issues.filter(({ level }) => level !== "note")).toEqual([]);
      expect(imported.district.geometry).toEqual(district.geometry);
      counts[code] = imported.counts.kept;
      parishes.push(...imported.parishes);
      if (code === "E07999999") expect(imported.titles.parishes).toMatch(/FICTIONAL/);
    }
    expect(counts).toEqual({ E07999999: 12, E07999998: 5, E06999999: 4 });
    const title = (JSON.parse(read("parishes.geojson")) as { name: string }).name;
    expect(boundariesText(title, parishes) === read("parishes.geojson")).toBe(true);
  });
});

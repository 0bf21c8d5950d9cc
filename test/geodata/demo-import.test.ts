import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { boundariesText } from "../../geodata/import/geojson-text.js";
import { importBoundaries } from "../../geodata/import/import-boundaries.js";
import { DEMO_DIR } from "../../geodata/scripts/generate-demo.js";

const read = (name: string) => readFileSync(join(DEMO_DIR, name), "utf8");

describe("the demo district through the real-data import path", () => {
  it("imports cleanly and re-imports to the committed files byte for byte", async () => {
    const imported = await importBoundaries({
      districtFile: join(DEMO_DIR, "district.geojson"),
      parishFiles: [join(DEMO_DIR, "parishes.geojson")],
    });
    expect(imported.issues).toEqual([]);
    expect(imported.counts).toEqual({ read: 12, kept: 12, outside: 0, nonCivil: 0 });
    expect(boundariesText(imported.titles.district, [imported.district]) === read("district.geojson")).toBe(
      true,
    );
    expect(boundariesText(imported.titles.parishes, imported.parishes) === read("parishes.geojson")).toBe(
      true,
    );
  });
});

import { describe, expect, it } from "vitest";
import { pickProperties } from "../../geodata/import/pick-properties.js";
import type { SourceFeature } from "../../geodata/import/read-features.js";

const features = (...rows: Record<string, unknown>[]): SourceFeature[] =>
  rows.map((properties, i) => ({ label: `f${i}`, properties, geometry: null }));

describe("pickProperties", () => {
  it("finds ONS, Trafford Data Lab and Boundary-Line columns", () => {
    expect(
      pickProperties("ons", features({ PAR23CD: "E04000001", PAR23NM: "A", LAD23CD: "E07000001" }), "parish"),
    ).toEqual({
      code: "PAR23CD",
      name: "PAR23NM",
    });
    expect(pickProperties("ons", features({ PARNCP24CD: "E43000001", PARNCP24NM: "A" }), "parish")).toEqual({
      code: "PARNCP24CD",
      name: "PARNCP24NM",
    });
    expect(
      pickProperties("lab", features({ area_code: "E08000009", area_name: "Trafford" }), "district"),
    ).toEqual({
      code: "area_code",
      name: "area_name",
    });
    expect(
      pickProperties("os", features({ name: "Haddenham CP", area_code: "CPC", code: "E04001490" }), "parish"),
    ).toEqual({
      code: "code",
      name: "name",
    });
    expect(
      pickProperties(
        "ons",
        features({ LAD23CD: "E07000001", LAD23NM: "A", PAR23CD: "E04000001" }),
        "district",
      ),
    ).toEqual({
      code: "LAD23CD",
      name: "LAD23NM",
    });
  });

  it("takes given names as they are, and says what is there when nothing fits", () => {
    expect(
      pickProperties("x", features({ GSS: "E04000001", LABEL: "A" }), "parish", {
        code: "GSS",
        name: "LABEL",
      }),
    ).toEqual({
      code: "GSS",
      name: "LABEL",
    });
    expect(() => pickProperties("x.geojson", features({ GSS: "E04000001", LABEL: "A" }), "parish")).toThrow(
      "x.geojson: no property holds ONS parish codes (properties: GSS, LABEL); name it with --parish-code-field",
    );
    expect(() =>
      pickProperties("x.geojson", features({ GSS: "E04000001" }), "district", { code: "GSS", name: "NAME" }),
    ).toThrow('x.geojson: no feature has a "NAME" property (properties: GSS)');
  });
});

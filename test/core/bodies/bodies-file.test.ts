import { describe, expect, it } from "vitest";
import { parseBodiesFile, unlistedRouteBodies } from "#core/bodies/bodies-file.js";
import { DEFAULT_ROLE_FALLBACKS } from "#core/bodies/roles.js";
import { BodiesFileError } from "#core/errors.js";
import { demoBodies } from "./demo-chains.js";

const parish = { area: "E04999101", name: "Brindlecote Parish Council", kind: "parish-council" };
const highways = {
  id: "county-highways",
  name: "Testshire County Council Highways",
  kind: "county-council",
  roles: ["highway-authority"],
  covers: ["E10000001"],
  reach: { email: "highways@testshire.example.org" },
  phone: "0300 123 4567",
};

/** The fault lines a bodies file is refused with. */
function faults(raw: unknown): string[] {
  try {
    parseBodiesFile("bodies.json", raw);
  } catch (error) {
    expect(error).toBeInstanceOf(BodiesFileError);
    const [first, ...lines] = (error as Error).message.split("\n");
    expect(first).toBe("bodies.json is not a valid bodies file:");
    return lines.map((line) => line.replace(/^ {2}at /, ""));
  }
  throw new Error("the file was accepted");
}

describe("parseBodiesFile", () => {
  it("reads parish bodies by area and routing bodies by id, with the default fallbacks", () => {
    const file = parseBodiesFile("bodies.json", { bodies: [parish, highways] });
    expect(file.names.get("E04999101")).toEqual(parish);
    // A routing body is named by its id too: a case's destination code for it.
    expect(file.names.get("county-highways")).toEqual({
      area: "county-highways",
      name: "Testshire County Council Highways",
      kind: "county-council",
    });
    expect(file.bodies.byId("county-highways")).toEqual(highways);
    expect(file.bodies.all).toHaveLength(1);
    expect(file.fallbacks).toEqual(DEFAULT_ROLE_FALLBACKS);
  });

  it("takes declared fallbacks over the defaults", () => {
    const file = parseBodiesFile("bodies.json", {
      bodies: [],
      fallbacks: { police: ["highway-authority", "district"] },
    });
    expect(file.fallbacks).toEqual({ ...DEFAULT_ROLE_FALLBACKS, police: ["highway-authority", "district"] });
  });

  it.each([
    [{ ...highways, reach: { email: "not an address" } }, "bodies.0.reach.email: must be an email address"],
    [{ ...highways, covers: ["Testshire"] }, "bodies.0.covers.0: must be an ONS area code such as E04999001"],
    [{ ...highways, id: "County Highways" }, "bodies.0.id: must be lower-case words joined by hyphens"],
    [{ ...highways, roles: ["county"] }, "bodies.0.roles.0: Invalid option"],
    [
      { ...highways, roles: ["district"] },
      "bodies.0.roles.0: parish and district are not a listed body's to play",
    ],
    [{ ...highways, covers: [] }, "bodies.0.covers: a body with roles must cover at least one area"],
    [{ ...highways, phone: "call us" }, "bodies.0.phone: must be a phone number of digits and spaces"],
    [{ ...highways, reach: { clerkDirectory: true } }, "bodies.0.reach"],
    [{ ...parish, kind: "county-council" }, "bodies.0.kind: Invalid option"],
    [{ ...parish, area: "Ashcombe" }, "bodies.0.area: must be an ONS area code such as E04999001"],
  ])("refuses %j, naming the path and the fault", (entry, fault) => {
    expect(faults({ bodies: [entry] }).join("\n")).toContain(fault);
  });

  it("refuses an area or an id listed twice, and two bodies holding one role for one area", () => {
    expect(
      faults({
        bodies: [parish, parish, highways, highways, { ...highways, id: "other-highways" }],
      }),
    ).toEqual([
      "bodies.1.area: E04999101 is listed twice",
      'bodies.3.id: "county-highways" is listed twice',
      "bodies.3.covers: county-highways is already the highway-authority for E10000001",
      "bodies.4.covers: county-highways is already the highway-authority for E10000001",
    ]);
  });

  it("refuses fallbacks that loop, repeat or do not end at the district", () => {
    expect(
      faults({
        bodies: [],
        fallbacks: {
          parish: ["parish", "district"],
          police: ["highway-authority"],
          "highway-authority": ["district", "district"],
          district: ["parish"],
        },
      }),
    ).toEqual([
      'fallbacks.parish: "parish" falls back to itself',
      "fallbacks.district: the district (the council running the area) has no fallback",
      "fallbacks.highway-authority: names a role twice",
      'fallbacks.police: must end at "district", the council every served area has',
    ]);
  });

  it("names the root fault of a file that is not a bodies file", () => {
    expect(faults({ parishes: [] })).toEqual([
      "bodies: Invalid input: expected array, received undefined",
      '(root): Unrecognized key: "parishes"',
    ]);
  });

  it("accepts the demo bodies: today's parishes, the new districts' parishes and the routing bodies", () => {
    expect(demoBodies.names.get("E04999005")?.name).toBe("Little Wendle Parish Meeting");
    expect(demoBodies.names.get("E04999101")?.name).toBe("Brindlecote Parish Council");
    for (const code of ["E04999101", "E04999105", "E04999201", "E04999204"])
      expect(demoBodies.names.has(code), code).toBe(true);
    expect(demoBodies.bodies.all.map((b) => [b.id, b.roles, b.covers])).toEqual([
      ["exampleshire-county-highways", ["highway-authority"], ["E10999999"]],
      ["exampleshire-safer-roads", ["police"], ["E23999999"]],
      ["national-highways", [], ["E10999999", "E06999999"]],
    ]);
  });

  it("checks every code against the boundary data where its layer was read", () => {
    // E23… has no layer here (undefined): nothing to check it against.
    const layers: Record<string, boolean> = { E04999101: false, E10000001: true };
    const raw = { bodies: [parish, { ...highways, covers: ["E10000001", "E23000001", "E10000002"] }] };
    const check = () =>
      parseBodiesFile("bodies.json", raw, {
        areaExists: (code) => layers[code] ?? (code.startsWith("E10") ? false : undefined),
      });
    expect(check).toThrow(
      "bodies.json is not a valid bodies file:\n  at bodies.0.area: E04999101 is not an area of the boundary data\n  at bodies.1.covers.2: E10000002 is not an area of the boundary data",
    );
    layers.E04999101 = true;
    layers.E10000002 = true;
    expect(check().bodies.all).toHaveLength(1);
  });

  it("names a service rule routing to a body the file does not list", () => {
    const file = parseBodiesFile("bodies.json", { bodies: [highways] });
    const rules = [
      { route: "parish" },
      { signpost: {} },
      { route: "body:county-highways" },
      { route: "body:gritting" },
    ];
    expect(unlistedRouteBodies([{ source: "services/grit.json", rules }], file, "bodies.json")).toEqual([
      'services/grit.json at rules.3.route: no body "gritting" is listed in bodies.json',
    ]);
  });
});

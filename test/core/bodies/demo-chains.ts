import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AreaChain, ChainArea } from "#core/areas/area-chain.js";
import { parseBodiesFile } from "#core/bodies/bodies-file.js";
import { createCouncils } from "#core/councils/councils.js";
import { testCouncil } from "../../helpers/one-council-routing.js";

/** The demo bodies file (geodata/demo/bodies.json), as a deployment loads it. */
export const demoBodies = parseBodiesFile(
  "geodata/demo/bodies.json",
  JSON.parse(readFileSync(join(import.meta.dirname, "../../../geodata/demo/bodies.json"), "utf8")),
);

const county: ChainArea = { type: "county", code: "E10999999", name: "Exampleshire" };
const police: ChainArea = { type: "police", code: "E23999999", name: "Exampleshire" };
const harrowfield: ChainArea = { type: "district", code: "E07999998", name: "Harrowfield" };
const saltmere: ChainArea = { type: "unitary", code: "E06999999", name: "Saltmere" };

/** The demo councils (docs/adr/0012-many-councils.md), as the councils' settings name them. */
export const demoCouncils = createCouncils([
  testCouncil({ code: "E07999999", name: "Exampleshire Vale" }, "Exampleshire Vale District Council"),
  testCouncil(harrowfield, "Harrowfield District Council"),
  testCouncil(saltmere, "Saltmere Council"),
]);

/** A point's chain in each kind of area the demo has, as the area locator answers it. */
export const CHAINS = {
  "two-tier parish": {
    parish: { type: "parish", code: "E04999101", name: "Brindlecote" },
    local: harrowfield,
    county,
    police,
  },
  "two-tier unparished": { local: harrowfield, county, police },
  "unitary parish": {
    parish: { type: "parish", code: "E04999202", name: "Pennock Staithe" },
    local: saltmere,
    police,
  },
  "unitary unparished": { local: saltmere, police },
} as const satisfies Record<string, AreaChain>;

export type AreaKind = keyof typeof CHAINS;

import type { RoutingBodies, RoutingBody } from "#core/bodies/body.js";
import type { Council } from "#core/councils/council.js";
import { type Councils, createCouncils } from "#core/councils/councils.js";
import { type Directory, oneDirectory } from "#core/ports/directory.js";
import type { RecipientDeps } from "#core/use-cases/choose-recipient.js";
import { sha256Hex } from "#http/open311/api-keys.js";
import { DEMO_OPEN311_API_KEY_SHA256 } from "../../functions/config/open311-demo-key.js";

/** Exampleshire Vale as a one-council deployment has it; `over` changes what a test pins. */
export function testCouncil(over: Partial<Council> = {}): Council {
  return {
    id: "exampleshire-vale",
    name: "Exampleshire Vale District Council",
    kind: "district",
    area: { code: "E07999999", name: "Exampleshire Vale" },
    email: "team@district.example",
    senderEmail: "signpost@exampleshire-vale.example.org",
    moderngovBaseUrl: "http://127.0.0.1:9/exampleshire-vale/",
    hostNames: [],
    open311: { apiKeyHashes: [], jurisdictions: [] },
    ...over,
  };
}

/** Harrowfield (two-tier, a district in Exampleshire) and Saltmere (unitary), as the demo has them. */
export const HARROWFIELD = testCouncil({
  id: "harrowfield",
  name: "Harrowfield District Council",
  area: { code: "E07999998", name: "Harrowfield" },
  email: "reports@harrowfield.example.org",
  senderEmail: "signpost@harrowfield.example.org",
  moderngovBaseUrl: "http://127.0.0.1:9/harrowfield/",
});

export const SALTMERE = testCouncil({
  id: "saltmere",
  name: "Saltmere Council",
  kind: "unitary",
  area: { code: "E06999999", name: "Saltmere" },
  email: "reports@saltmere.example.org",
  senderEmail: "signpost@saltmere.example.org",
  moderngovBaseUrl: "http://127.0.0.1:9/saltmere/",
});

/** The demo's bodies reached by email (ids, names and addresses as in the demo data). */
export const COUNTY_HIGHWAYS: RoutingBody = {
  id: "exampleshire-county-highways",
  name: "Exampleshire County Council Highways",
  kind: "county-council",
  roles: ["highway-authority"],
  covers: ["E10999999"],
  reach: { email: "highways@exampleshire.example.org" },
};

export const SAFER_ROADS: RoutingBody = {
  id: "exampleshire-safer-roads",
  name: "Exampleshire Safer Roads Partnership",
  kind: "road-safety-partnership",
  roles: ["police"],
  covers: ["E23999999"],
  reach: { email: "enforcement@saferroads.exampleshire.example.org" },
};

export const NATIONAL_HIGHWAYS: RoutingBody = {
  id: "national-highways",
  name: "National Highways",
  kind: "national-highways",
  roles: [],
  covers: ["E10999999", "E06999999"],
  reach: { email: "info@nationalhighways.example.org" },
};

export function routingBodies(list: readonly RoutingBody[] = []): RoutingBodies {
  const byId = new Map(list.map((body) => [body.id, body]));
  return { all: list, byId: (id) => byId.get(id) };
}

export function testCouncils(...list: Council[]): Councils {
  return createCouncils(list.length ? list : [testCouncil()]);
}

/** What choosing a recipient needs, for one council (today's deployment) and one directory. */
export function oneCouncilSending(directory: Directory, council: Council = testCouncil()): RecipientDeps {
  return { councils: testCouncils(council), bodies: routingBodies(), directories: oneDirectory(directory) };
}

/**
 * Demo councils for tests (docs/adr/0012-many-councils.md): Exampleshire Vale as today's one-council
 * config makes it (its id is what the stores take as their first council), and Harrowfield, a second
 * district with its own Open311 key.
 */
export const exampleshireVale: Council = {
  id: "exampleshire-vale",
  name: "Exampleshire Vale District Council",
  kind: "district",
  area: { code: "E07999999", name: "Exampleshire Vale" },
  email: "highways@exampleshire-vale.example.org",
  senderEmail: "signpost@exampleshire-vale.example.org",
  moderngovBaseUrl: "http://127.0.0.1:1/mgWebService",
  hostNames: [],
  open311: { apiKeyHashes: [DEMO_OPEN311_API_KEY_SHA256], jurisdictions: ["exampleshire-vale.example.org"] },
};

export const HARROWFIELD_OPEN311_API_KEY = "harrowfield-test-open311-key";

export const harrowfield: Council = {
  id: "harrowfield",
  name: "Harrowfield District Council",
  kind: "district",
  area: { code: "E07999998", name: "Harrowfield" },
  email: "reports@harrowfield.example.org",
  senderEmail: "signpost@harrowfield.example.org",
  moderngovBaseUrl: "http://127.0.0.1:1/mgWebService",
  hostNames: [],
  open311: {
    apiKeyHashes: [sha256Hex(HARROWFIELD_OPEN311_API_KEY)],
    jurisdictions: ["harrowfield.example.org"],
  },
};

/** Today's deployment: one council. */
export const oneCouncil = createCouncils([exampleshireVale]);
/** A many-council deployment: Exampleshire Vale first, then Harrowfield. */
export const twoCouncils = createCouncils([exampleshireVale, harrowfield]);

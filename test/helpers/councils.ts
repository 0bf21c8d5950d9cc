import type { Council } from "#core/councils/council.js";
import { createCouncils } from "#core/councils/councils.js";
import { sha256Hex } from "#http/open311/api-keys.js";
import { DEMO_OPEN311_API_KEY_SHA256 } from "../../functions/config/open311-demo-key.js";

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

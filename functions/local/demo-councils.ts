import { createHash } from "node:crypto";
import type { CouncilSettings } from "../config/council-settings.js";
import { DEMO_OPEN311_API_KEY_SHA256, demoOpen311Key } from "../config/open311-demo-key.js";
import type { PublicInfo } from "../config/public-info.js";
import { DEMO_PUBLIC_INFO } from "./demo-public-info.js";

/** A fictional council's contacts, in the same shape as the demo district's. */
function publicInfoOf(
  name: string,
  domain: string,
  phone: string,
  town: string,
  postcode: string,
): PublicInfo {
  const offices = ["Council Offices", "High Street", town, postcode];
  return {
    ...DEMO_PUBLIC_INFO,
    contact: { email: `customer.services@${domain}`, phone, address: [name, ...offices] },
    dataProtection: {
      email: `data.protection@${domain}`,
      address: ["Data Protection Officer", name, ...offices],
    },
  };
}

function other(
  id: string,
  name: string,
  kind: CouncilSettings["kind"],
  area: CouncilSettings["area"],
  contact: { phone: string; postcode: string },
  moderngovBaseUrl: string,
  own: Pick<CouncilSettings, "hostNames" | "services"> = { hostNames: [] },
): CouncilSettings {
  const domain = `${id}.example.org`;
  return {
    id,
    name,
    kind,
    area,
    email: `reports@${domain}`,
    senderEmail: `signpost@${domain}`,
    sendingDomain: domain,
    moderngovBaseUrl,
    ...own,
    publicInfo: publicInfoOf(name, domain, contact.phone, area.name, contact.postcode),
    clerkDirectory: { names: {}, allowDistrictAddresses: {}, districtDomains: [] },
    open311: {
      apiKeyHashes: [createHash("sha256").update(demoOpen311Key(id), "utf8").digest("hex")],
      jurisdictions: [domain],
    },
  };
}

/**
 * The demo's three councils (docs/adr/0012-many-councils.md), as cdk.json's demo environment has
 * them (a test checks they agree) but with their Modern.Gov sites on the local server: Exampleshire
 * Vale at its root, the others under /harrowfield and /saltmere.
 */
export function demoCouncils(moderngovUrl: string): CouncilSettings[] {
  const root = moderngovUrl.replace(/\/+$/, "");
  return [
    {
      id: "exampleshire-vale",
      name: "Exampleshire Vale District Council",
      kind: "district",
      area: { code: "E07999999", name: "Exampleshire Vale" },
      email: "highways@exampleshire-vale.example.org",
      senderEmail: "signpost@exampleshire-vale.example.org",
      sendingDomain: "exampleshire-vale.example.org",
      moderngovBaseUrl: root,
      hostNames: [],
      publicInfo: DEMO_PUBLIC_INFO,
      clerkDirectory: { names: {}, allowDistrictAddresses: {}, districtDomains: [] },
      // The demo Open311 key belongs to the first council only (an Open311 key is one council's).
      open311: {
        apiKeyHashes: [DEMO_OPEN311_API_KEY_SHA256],
        jurisdictions: ["exampleshire-vale.example.org"],
      },
    },
    other(
      "harrowfield",
      "Harrowfield District Council",
      "district",
      { code: "E07999998", name: "Harrowfield" },
      { phone: "01632 960100", postcode: "ZX20 1AA" },
      `${root}/harrowfield`,
    ),
    other(
      "saltmere",
      "Saltmere Council",
      "unitary",
      { code: "E06999999", name: "Saltmere" },
      { phone: "01632 960200", postcode: "ZX30 1AA" },
      `${root}/saltmere`,
      // Its own site, and one service: its street furniture is reported to it directly.
      { hostNames: ["report.saltmere.example.org"], services: ["speeding"] },
    ),
  ];
}

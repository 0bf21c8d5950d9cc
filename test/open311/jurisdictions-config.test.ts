import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { createCouncils } from "#core/councils/councils.js";
import { NotFoundError } from "#core/errors.js";
import { discovery } from "#http/open311/discovery.js";
import { councilForJurisdiction } from "#http/open311/jurisdiction.js";
import type { Open311Deps } from "#http/open311/open311-types.js";
import { readConfig } from "../../functions/config/env.js";
import { testClientKeys } from "../helpers/client-keys.js";
import { exampleshireVale } from "../helpers/councils.js";

// Which jurisdiction_id values an endpoint takes: the district's ONS code always, and the council's
// domains from OPEN311_JURISDICTIONS, in any case; discovery says which.

const env = {
  TABLE_NAME: "t-1",
  SENDER_EMAIL: "a@b.example",
  DISTRICT_EMAIL: "a@b.example",
  DISTRICT_COUNCIL_NAME: "D",
  DISTRICT_CODE: "E07999999",
  DISTRICT_NAME: "D",
  MODERNGOV_BASE_URL: "https://m.example",
};

const councils = createCouncils([
  {
    ...exampleshireVale,
    open311: {
      ...exampleshireVale.open311,
      jurisdictions: ["exampleshire-vale.example.org", "evdc.example.gov.uk"],
    },
  },
]);
const checkJurisdiction = (given: string | undefined) => councilForJurisdiction(given, councils);

const deps = {
  councils,
  clientKeys: testClientKeys,
} as unknown as Open311Deps;

describe("OPEN311_JURISDICTIONS", () => {
  it("reads a comma-separated list of domains, in lower case and without a trailing dot", () => {
    expect(readConfig(env).OPEN311_JURISDICTIONS).toEqual([]);
    expect(
      readConfig({ ...env, OPEN311_JURISDICTIONS: " Exampleshire-Vale.example.org, evdc.example.gov.uk., ," })
        .OPEN311_JURISDICTIONS,
    ).toEqual(["exampleshire-vale.example.org", "evdc.example.gov.uk"]);
  });

  it("refuses anything that is not a domain, naming the setting", () => {
    for (const wrong of [
      "localhost",
      "https://exampleshire-vale.example.org",
      "exampleshire vale.example.org",
      "-bad.example.org",
      "exampleshire-vale.example.org/open311",
      "E07999999",
      `${"a".repeat(64)}.example.org`,
    ]) {
      expect(() => readConfig({ ...env, OPEN311_JURISDICTIONS: wrong }), wrong).toThrow(
        /OPEN311_JURISDICTIONS\.0: each must be a domain/,
      );
    }
  });
});

describe("councilForJurisdiction, one council", () => {
  it("takes no jurisdiction, the ONS code or a council domain, in any case and with a trailing dot", () => {
    for (const given of [
      undefined,
      "",
      "E07999999",
      "e07999999",
      "exampleshire-vale.example.org",
      "Exampleshire-Vale.Example.ORG",
      "exampleshire-vale.example.org.",
      " evdc.example.gov.uk ",
    ])
      expect(() => checkJurisdiction(given), String(given)).not.toThrow();
  });

  it("is 404 for any other value, naming the ones it takes", () => {
    for (const given of [
      "E07000001",
      "example.org",
      "www.exampleshire-vale.example.org",
      "exampleshire-vale.example.org..",
      "E07999999.",
      "constructor",
    ]) {
      expect(() => checkJurisdiction(given), given).toThrow(NotFoundError);
      expect(() => checkJurisdiction(given), given).toThrow(
        "this endpoint serves E07999999 or exampleshire-vale.example.org or evdc.example.gov.uk",
      );
    }
  });
});

describe("discovery", () => {
  it("lists every jurisdiction_id taken, and says so where a person setting up a client reads", () => {
    const event = {
      headers: { host: "signpost.example.org" },
      requestContext: { domainName: "signpost.example.org" },
    } as unknown as APIGatewayProxyEventV2;
    const document = discovery(event, deps);
    expect(document.jurisdictions).toEqual([
      { jurisdiction_id: "E07999999" },
      { jurisdiction_id: "exampleshire-vale.example.org" },
      { jurisdiction_id: "evdc.example.gov.uk" },
    ]);
    expect(document.key_service).toContain(
      "jurisdiction_id is optional; if sent, use E07999999 or exampleshire-vale.example.org or evdc.example.gov.uk",
    );
  });
});

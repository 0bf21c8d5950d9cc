import { describe, expect, it } from "vitest";
import { emptyClerkDirectoryConfig } from "../../functions/config/directory-config.js";
import { readConfig } from "../../functions/config/env.js";

const required = {
  TABLE_NAME: "signpost",
  SENDER_EMAIL: "reports@council.example",
  DISTRICT_EMAIL: "district@council.example",
  DISTRICT_COUNCIL_NAME: "Exampleshire Vale District Council",
  DISTRICT_CODE: "E07999999",
  DISTRICT_NAME: "Exampleshire Vale",
  MODERNGOV_BASE_URL: "https://democracy.council.example/",
};

describe("CLERK_DIRECTORY_CONFIG", () => {
  it("is empty when unset or blank, so existing deployments keep working", () => {
    expect(readConfig(required).CLERK_DIRECTORY_CONFIG).toEqual(emptyClerkDirectoryConfig);
    expect(readConfig({ ...required, CLERK_DIRECTORY_CONFIG: " " }).CLERK_DIRECTORY_CONFIG).toEqual(
      emptyClerkDirectoryConfig,
    );
  });

  it("reads names, allowed district addresses and domains (trimmed and in lower case)", () => {
    const config = readConfig({
      ...required,
      CLERK_DIRECTORY_CONFIG: JSON.stringify({
        names: { W04000999: " Cyngor Bro Ddyfi " },
        allowDistrictAddresses: { E04999001: ["parish.clerk@council.example"] },
        districtDomains: ["Council-Services.example."],
      }),
    });
    expect(config.CLERK_DIRECTORY_CONFIG).toEqual({
      names: { W04000999: "Cyngor Bro Ddyfi" },
      allowDistrictAddresses: { E04999001: ["parish.clerk@council.example"] },
      districtDomains: ["council-services.example"],
    });
  });

  it.each([
    ["{names:", /CLERK_DIRECTORY_CONFIG: is not valid JSON/],
    ['{"names":{"E04999001":""}}', /CLERK_DIRECTORY_CONFIG\.names\.E04999001: Too small/],
    ['{"names":{"Ashcombe":"Ashcombe PC"}}', /CLERK_DIRECTORY_CONFIG\.names\.Ashcombe: Invalid key/],
    [
      '{"allowDistrictAddresses":{"E04999001":["nobody"]}}',
      /allowDistrictAddresses\.E04999001\.0: Invalid email/,
    ],
    ['{"districtDomains":["not a domain"]}', /districtDomains\.0: must be a domain like council\.gov\.uk/],
    ['{"name":{}}', /CLERK_DIRECTORY_CONFIG: Unrecognized key: "name"/],
  ])("refuses %s, naming the path and the fault", (value, message) => {
    expect(() => readConfig({ ...required, CLERK_DIRECTORY_CONFIG: value })).toThrow(message);
  });
});

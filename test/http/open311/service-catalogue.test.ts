import { describe, expect, it } from "vitest";
import type { ServiceDefinition } from "#core/routing/service-schema.js";
import { services } from "#core/services/index.js";
import { serviceDefinition, serviceList } from "#http/open311/service-catalogue.js";

// A value that leads to a signpost says so in its name, so a client can show it before sending.

const names = (service: ServiceDefinition) =>
  Object.fromEntries(
    serviceDefinition(service, "Testshire District Council").attributes.flatMap((a) =>
      a.values.map((v) => [`${a.code}=${v.key}`, v.name]),
    ),
  );

describe("Open311 service definitions", () => {
  it("names what happens for each value that always ends in a signpost, and only those", () => {
    const speeding = names(services.get("speeding") as ServiceDefinition);
    expect(speeding["danger=yes"]).toBe(
      "Yes (Call 999 now: If anyone is in immediate danger, call 999 and ask for the police. Do not use this service: reports are read during office hours only. A report sent here goes to Testshire District Council and is read in office hours)",
    );
    expect(speeding["road-type=motorway"]).toMatch(
      /^A motorway or major A road \(trunk road\) \(Report it to National Highways: .* Contact National Highways: https:\/\/nationalhighways\.co\.uk\/contact-us\/ A report sent here goes to Testshire District Council/,
    );
    expect(speeding["danger=no"]).toBe("No");
    expect(speeding["outcome=speedwatch"]).toBe("Join or start a Community Speedwatch group");
  });

  it("does not name a signpost for a value an earlier rule may route first", () => {
    const base = services.get("speeding") as ServiceDefinition;
    // A route rule before the motorway signpost: motorway no longer always ends in a signpost.
    const routedFirst: ServiceDefinition = {
      ...base,
      rules: [
        { id: "layout-first", description: "x", when: { outcome: ["road-layout"] }, route: "district" },
        ...base.rules,
      ],
    };
    expect(names(routedFirst)["road-type=motorway"]).toBe("A motorway or major A road (trunk road)");
    expect(names(routedFirst)["danger=yes"]).toBe("Yes");
  });
});

describe("Open311 service list", () => {
  const codes = (council: { services?: readonly string[] }) =>
    serviceList(services, council).map((s) => s.service_code);

  it("lists the services a council takes, and every one where it lists none", () => {
    expect(codes({ services: ["speeding"] })).toEqual(["speeding"]);
    expect(codes({})).toEqual(["speeding", "street-furniture"]);
  });
});

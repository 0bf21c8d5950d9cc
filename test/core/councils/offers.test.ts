import { describe, expect, it } from "vitest";
import { checkCouncilServices, notOfferedMessage, offers, servicesOf } from "#core/councils/offers.js";

const speeding = { id: "speeding", name: "Report speeding traffic" };
const bench = { id: "street-furniture", name: "Report a problem with a bench" };

describe("a council's services", () => {
  it("takes every service where it lists none, as councils did before they could list them", () => {
    expect(offers({}, "speeding")).toBe(true);
    expect(offers({}, "street-furniture")).toBe(true);
  });

  it("takes only the services it lists", () => {
    const saltmere = { services: ["speeding"] };
    expect(offers(saltmere, "speeding")).toBe(true);
    expect(offers(saltmere, "street-furniture")).toBe(false);
    expect(offers({ services: [] }, "speeding")).toBe(false);
  });

  it("lists the services a council takes in the deployment's order, and every one without a council", () => {
    expect(servicesOf([speeding, bench], { services: ["street-furniture", "speeding"] })).toEqual([
      speeding,
      bench,
    ]);
    expect(servicesOf([speeding, bench], { services: ["speeding"] })).toEqual([speeding]);
    expect(servicesOf([speeding, bench], undefined)).toEqual([speeding, bench]);
  });

  it("names the council and the service when it refuses one", () => {
    expect(notOfferedMessage({ name: "Saltmere Council" }, bench)).toBe(
      'Saltmere Council does not take "Report a problem with a bench" reports (service street-furniture) through this service; contact the council directly',
    );
  });
});

describe("checkCouncilServices", () => {
  const known = new Map([
    ["speeding", speeding],
    ["street-furniture", bench],
  ]);

  it("accepts councils listing services the deployment has, or none", () => {
    expect(() =>
      checkCouncilServices([{ id: "saltmere", services: ["speeding"] }, { id: "vale" }], known),
    ).not.toThrow();
  });

  it("names the council, the entry and the fault of a service it does not have", () => {
    expect(() =>
      checkCouncilServices([{ id: "saltmere", services: ["speeding", "parking"] }], known),
    ).toThrow(
      'Council "saltmere" services[1] is "parking", which is not a service: use speeding, street-furniture',
    );
  });
});

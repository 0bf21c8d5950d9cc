import { describe, expect, it } from "vitest";
import { evaluateRules } from "#core/routing/evaluate-rules.js";
import { loadService } from "#core/routing/load-service.js";
import { promisedBodies, promiseProblems } from "#core/routing/promised-bodies.js";
import type { ServiceDefinition } from "#core/routing/service-schema.js";
import { services } from "#core/services/index.js";

const speeding = services.get("speeding");
if (!speeding) throw new Error("speeding service missing");

/** The speeding service with one option's hint replaced. */
function withOutcomeHint(value: string, hint: string): ServiceDefinition {
  return {
    ...speeding!,
    questions: speeding!.questions.map((q) =>
      q.id !== "outcome"
        ? q
        : { ...q, options: q.options.map((o) => (o.value === value ? { ...o, hint } : o)) },
    ),
  };
}

describe("promisedBodies", () => {
  it.each([
    ["We will pass your report to the road safety partnership.", ["police"]],
    ["We will pass your report to the highway authority.", ["highway-authority"]],
    ["We will pass your report to the county council.", ["highway-authority"]],
    ["We will pass your report to the police or the road safety partnership.", ["police", "police"]],
    ["We will pass your report to your parish or to the district council.", ["parish", "district"]],
    ["We will pass your report to the district council. Only the police enforce limits.", ["district"]],
    ["We will pass your report to your parish council.", ["parish"]],
    // A body name with more words than the check knows is refused, not passed silently.
    ["Your report goes to the district council's highways team.", ["district", "unknown"]],
    ["We will send it to National Highways.", ["body:national-highways"]],
    // Mentioned, not promised: the police are who write to drivers, not who get the report.
    ["Volunteers check speeds and the police write to speeding drivers.", []],
    // Mentioned, not promised: councils share reports with the police, they do not send them there.
    ["Councils can share reports with the police and the road safety partnership.", []],
    ["We will pass your report to the council that looks after it.", ["council"]],
    ["We will pass your report to the council's roads team.", ["unknown"]],
  ])("%s promises %j", (text, expected) => {
    expect(promisedBodies(text).map((p) => p.to)).toEqual(expected);
  });
});

describe("An option's hint agrees with the rules", () => {
  it("pins each speeding outcome's hint to where its rule sends the report", () => {
    const outcome = speeding.questions.find((q) => q.id === "outcome");
    const hints = Object.fromEntries(outcome!.options.map((o) => [o.value, o.hint]));
    expect(hints.enforcement).toBe(
      "We will pass your report to the road safety partnership, which works with the police on enforcement and speed cameras. To report dangerous driving that is not an emergency, call 101.",
    );
    expect(hints["road-layout"]).toBe(
      "For example, traffic calming, a lower speed limit or new signs. We will pass your report to the highway authority.",
    );
    const answers = { danger: "no", "road-type": "residential" };
    expect(evaluateRules(speeding, { ...answers, outcome: "enforcement" })).toMatchObject({
      kind: "route",
      to: "police",
    });
    expect(evaluateRules(speeding, { ...answers, outcome: "road-layout" })).toMatchObject({
      kind: "route",
      to: "highway-authority",
    });
    expect(promiseProblems(speeding)).toEqual([]);
  });

  it("refuses a hint that promises a body its rule does not send the report to (the first enforcement hint)", () => {
    const broken = withOutcomeHint("enforcement", "We will pass your report to the district council.");
    expect(promiseProblems(broken)).toEqual([
      'questions.2.options.2.hint: promises the district council, but rule "police-enforcement" routes "enforcement" to police',
    ]);
    expect(() => loadService("speeding.json", broken)).toThrow(
      /promises the district council, but rule "police-enforcement"/,
    );
  });

  it("refuses a hint promising a team or body the check does not know (the second enforcement hint)", () => {
    const broken = withOutcomeHint(
      "enforcement",
      "We will pass your report to the district council's highways team.",
    );
    expect(promiseProblems(broken)).toEqual([
      `questions.2.options.2.hint: promises to pass the report to "the district council's highways team"; name only the parish, the district council, the highway authority, the county council, the road safety partnership, the police or National Highways`,
    ]);
  });

  it("refuses a hint that names the parish where the rule routes to the highway authority", () => {
    const broken = withOutcomeHint("road-layout", "We will pass your report to your parish council.");
    expect(promiseProblems(broken)).toEqual([
      'questions.2.options.3.hint: promises the parish, but rule "highway-authority-layout" routes "road-layout" to highway-authority',
    ]);
  });

  it("refuses a hint that names National Highways where no rule routes to it (a signpost is not a route)", () => {
    const broken = withOutcomeHint("road-layout", "We will pass your report to National Highways.");
    expect(promiseProblems(broken)).toEqual([
      'questions.2.options.3.hint: promises National Highways, but rule "highway-authority-layout" routes "road-layout" to highway-authority',
    ]);
  });

  it("refuses a summary promising a body no rule routes to", () => {
    const broken = { ...speeding, summary: "We will pass your report to National Highways." };
    expect(promiseProblems(broken)).toEqual([
      "summary: promises to pass the report to National Highways, but no rule routes there",
    ]);
  });

  it("accepts a summary promising National Highways where a rule names it, and catches the hints that route makes false", () => {
    const routed: ServiceDefinition = {
      ...speeding,
      summary: "We will pass your report to National Highways or the highway authority.",
      rules: speeding.rules.map((r) =>
        r.id === "trunk-road"
          ? { id: r.id, description: r.description, when: r.when, route: "body:national-highways" }
          : r,
      ),
    };
    // Motorway reports with these outcomes now go to National Highways, not where the hints say.
    expect(promiseProblems(routed)).toEqual([
      'questions.2.options.2.hint: promises the road safety partnership, but rule "trunk-road" routes "enforcement" to body:national-highways',
      'questions.2.options.3.hint: promises the highway authority, but rule "trunk-road" routes "road-layout" to body:national-highways',
    ]);
  });

  it("checks every service", () => {
    for (const service of services.values()) expect(promiseProblems(service), service.id).toEqual([]);
  });
});

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
    ["We will pass your report to the road safety partnership.", ["other"]],
    ["We will pass your report to your parish or to the district council.", ["parish", "district"]],
    ["We will pass your report to the district council. Only the police enforce limits.", ["district"]],
    ["We will pass your report to your parish council.", ["parish"]],
    // A body name with more words than the check knows is refused, not passed silently.
    ["Your report goes to the district council's highways team.", ["district", "unknown"]],
    ["We will send it to National Highways.", ["other"]],
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
      "We will pass your report to the district council. Councils cannot enforce speed limits themselves; they can share reports with the police and the road safety partnership. To report dangerous driving that is not an emergency, call 101.",
    );
    const routed = evaluateRules(speeding, {
      danger: "no",
      "road-type": "residential",
      outcome: "enforcement",
    });
    expect(routed).toMatchObject({ kind: "route", to: "district" });
    expect(promiseProblems(speeding)).toEqual([]);
  });

  it("refuses a hint that promises a body no rule sends reports to (the old enforcement hint)", () => {
    const broken = withOutcomeHint("enforcement", "We will pass your report to the road safety partnership.");
    expect(promiseProblems(broken)).toEqual([
      "questions.2.options.2.hint: promises to pass the report to the road safety partnership, which no rule can do",
    ]);
    expect(() => loadService("speeding.json", broken)).toThrow(
      /road safety partnership, which no rule can do/,
    );
  });

  it("refuses a hint promising a team or body the check does not know (the second enforcement hint)", () => {
    const broken = withOutcomeHint(
      "enforcement",
      "We will pass your report to the district council's highways team.",
    );
    expect(promiseProblems(broken)).toEqual([
      `questions.2.options.2.hint: promises to pass the report to "the district council's highways team"; name only the parish or the district council`,
    ]);
  });

  it("refuses a hint that names the parish where the rule routes to the district", () => {
    const broken = withOutcomeHint("road-layout", "We will pass your report to your parish council.");
    expect(promiseProblems(broken)).toEqual([
      'questions.2.options.3.hint: promises the parish, but rule "district-enforcement-or-layout" routes "road-layout" to the district',
    ]);
  });

  it("refuses a summary promising a body no rule routes to", () => {
    const broken = { ...speeding, summary: "We will pass your report to the police." };
    expect(promiseProblems(broken)).toEqual([
      "summary: promises to pass the report to the police, but no rule routes there",
    ]);
  });

  it("checks every service", () => {
    for (const service of services.values()) expect(promiseProblems(service), service.id).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { evaluateRules } from "#core/routing/evaluate-rules.js";
import { services } from "#core/services/index.js";

const speeding = services.get("speeding");
if (!speeding) throw new Error("speeding service missing");

describe("Service: speeding", () => {
  it.each([
    [{ danger: "yes" }, "signpost", "immediate-danger"],
    [{ danger: "yes", "road-type": "residential", outcome: "speedwatch" }, "signpost", "immediate-danger"],
    [{ danger: "no", "road-type": "motorway" }, "signpost", "trunk-road"],
    [{ danger: "no", "road-type": "motorway", outcome: "speed-sign" }, "signpost", "trunk-road"],
  ])("%j is signposted by %s rule", (answers, kind, ruleId) => {
    const outcome = evaluateRules(speeding, answers);
    expect(outcome.kind).toBe(kind);
    expect(outcome.kind !== "needs-answer" && outcome.rule.id).toBe(ruleId);
  });

  it.each([
    ["residential", "speedwatch", "parish"],
    ["main-road", "speed-sign", "parish"],
    ["residential", "enforcement", "police"],
    ["main-road", "road-layout", "highway-authority"],
  ])("road %s with outcome %s routes to the %s", (road, wanted, to) => {
    const outcome = evaluateRules(speeding, { danger: "no", "road-type": road, outcome: wanted });
    expect(outcome).toMatchObject({ kind: "route", to });
  });

  it("asks for the next question the rules depend on, in order", () => {
    expect(evaluateRules(speeding, {})).toEqual({ kind: "needs-answer", questionId: "danger" });
    expect(evaluateRules(speeding, { danger: "no" })).toEqual({
      kind: "needs-answer",
      questionId: "road-type",
    });
    expect(evaluateRules(speeding, { danger: "no", "road-type": "residential" })).toEqual({
      kind: "needs-answer",
      questionId: "outcome",
    });
  });

  it("cannot be routed by skipping a question", () => {
    // Answering only the last question must not reach a route: the danger question comes first.
    expect(evaluateRules(speeding, { outcome: "speedwatch" })).toEqual({
      kind: "needs-answer",
      questionId: "danger",
    });
    expect(evaluateRules(speeding, { danger: "no", outcome: "speedwatch" })).toEqual({
      kind: "needs-answer",
      questionId: "road-type",
    });
  });
});

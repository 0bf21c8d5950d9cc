import { describe, expect, it } from "vitest";
import { checkAnswers } from "#core/routing/evaluate-rules.js";
import { loadService } from "#core/routing/load-service.js";
import { services } from "#core/services/index.js";

const base = () => ({
  id: "bench",
  name: "Report a bench",
  referencePrefix: "BEN",
  summary: "A broken bench.",
  questions: [
    {
      id: "owner",
      title: "Who owns it?",
      errorMessage: "Select who owns it",
      options: [
        { value: "parish", label: "The parish" },
        { value: "district", label: "The district" },
      ],
    },
  ],
  rules: [
    { id: "parish-owned", description: "Parish benches", when: { owner: ["parish"] }, route: "parish" },
    {
      id: "district-owned",
      description: "District benches",
      when: { owner: ["district"] },
      route: "district",
    },
  ],
  details: {
    description: { label: "Describe the problem", errorMessage: "Enter a description of the problem" },
  },
});

describe("Function: loadService", () => {
  it("accepts a valid definition", () => {
    expect(loadService("bench.json", base()).id).toBe("bench");
  });

  it("asks an optional field's label to say so, as GOV.UK marks optional fields", () => {
    const optional = (label: string) => ({
      ...base(),
      details: { description: { label, errorMessage: "Enter a description", required: false } },
    });
    expect(() => loadService("bench.json", optional("Describe the problem"))).toThrow(
      /at details\.description\.label: an optional field's label must end "\(optional\)"/,
    );
    const loaded = loadService("bench.json", optional("Describe the problem (optional)"));
    expect(loaded.details.description.required).toBe(false);
  });

  it("names the file and path of a shape error", () => {
    const raw = { ...base(), referencePrefix: "bench" };
    expect(() => loadService("bench.json", raw)).toThrow(
      /bench\.json[\s\S]*at referencePrefix: must be 2 to 5 capital letters/,
    );
  });

  it.each(["highway-authority", "police", "body:national-highways"])(
    "accepts a rule routing to %s",
    (route) => {
      const raw = base();
      raw.rules[1] = { ...raw.rules[1], route } as (typeof raw.rules)[1];
      expect(loadService("bench.json", raw).rules[1]).toMatchObject({ route });
    },
  );

  it.each(["county", "body:", "body:National Highways"])(
    "refuses a rule routing to %j, naming the path",
    (route) => {
      const raw = base();
      raw.rules[1] = { ...raw.rules[1], route } as (typeof raw.rules)[1];
      expect(() => loadService("bench.json", raw)).toThrow(
        /bench\.json[\s\S]*at rules\.1\.route: must be a role \(parish, district, highway-authority, police\) or body:<id>/,
      );
    },
  );

  it("rejects a rule naming a question that does not exist", () => {
    const raw = base();
    raw.rules[0] = { ...raw.rules[0], when: { colour: ["parish"] } } as unknown as (typeof raw.rules)[0];
    expect(() => loadService("bench.json", raw)).toThrow(/rules\.0\.when\.colour: no question has this id/);
  });

  it("rejects a rule naming an answer that is not an option", () => {
    const raw = base();
    raw.rules[0] = { ...raw.rules[0], when: { owner: ["county"] } } as (typeof raw.rules)[0];
    expect(() => loadService("bench.json", raw)).toThrow(/"county" is not an option/);
  });

  it("rejects rules that leave some answers with nowhere to go", () => {
    const raw = base();
    raw.rules.pop();
    expect(() => loadService("bench.json", raw)).toThrow(
      /no rule matches the answers \{"owner":"district"\}/,
    );
  });

  it("rejects duplicate ids and unknown keys", () => {
    const raw = base();
    raw.rules[1] = { ...raw.rules[1], id: "parish-owned" } as (typeof raw.rules)[1];
    expect(() => loadService("bench.json", raw)).toThrow(/"parish-owned" is used twice/);
    expect(() => loadService("bench.json", { ...base(), colour: "red" })).toThrow(/Unrecognized key/);
  });
});

describe("Function: checkAnswers", () => {
  const speeding = services.get("speeding");
  if (!speeding) throw new Error("speeding service missing");

  it("names unknown questions and answers outside the options", () => {
    expect(checkAnswers(speeding, { danger: "maybe", colour: "red" })).toEqual([
      { field: "answers.danger", message: "Answer must be one of: yes, no" },
      { field: "answers.colour", message: '"colour" is not a question of this service' },
    ]);
  });
});

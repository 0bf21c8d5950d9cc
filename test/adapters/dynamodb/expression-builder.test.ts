import { describe, expect, it } from "vitest";
import { ExpressionBuilder } from "#adapters/dynamodb/expression-builder.js";

describe("ExpressionBuilder", () => {
  it("builds ADD then SET with one placeholder per attribute, skipping undefined fields", () => {
    const e = new ExpressionBuilder()
      .add({ new: -1, closed: 1 })
      .set({ status: "closed", recipient: undefined });
    const condition = `${e.name("status")} = ${e.value("new")}`;
    expect(e.update()).toBe("ADD #n0 :v0, #n1 :v1 SET #n2 = :v2");
    expect(condition).toBe("#n2 = :v3");
    expect(e.attributes()).toEqual({
      ExpressionAttributeNames: { "#n0": "new", "#n1": "closed", "#n2": "status" },
      ExpressionAttributeValues: { ":v0": -1, ":v1": 1, ":v2": "closed", ":v3": "new" },
    });
  });

  it("names nested attributes, and leaves out empty maps", () => {
    const e = new ExpressionBuilder();
    expect(e.attributes()).toEqual({});
    expect(e.path("destination", "kind")).toBe("#n0.#n1");
    expect(e.attributes()).toEqual({ ExpressionAttributeNames: { "#n0": "destination", "#n1": "kind" } });
  });
});

import { describe, expect, it } from "vitest";
import { resendKey } from "#http/open311/post-request.js";

describe("Function: resendKey", () => {
  it("is the same for the same fields in any order, whatever the key", () => {
    const fields: Array<[string, string]> = [
      ["service_code", "speeding"],
      ["description", "Fast"],
      ["media_url", "https://a.example/1.jpg"],
      ["media_url", "https://a.example/2.jpg"],
      ["api_key", "one"],
    ];
    const reordered: Array<[string, string]> = [
      fields[2],
      fields[1],
      fields[3],
      ["api_key", "two"],
      fields[0],
    ].map((pair) => pair as [string, string]);
    expect(resendKey(reordered)).toBe(resendKey(fields));
  });

  it("differs when a repeated field's values come in another order (the first is the one read)", () => {
    const yesFirst: Array<[string, string]> = [
      ["attribute[danger]", "yes"],
      ["attribute[danger]", "no"],
    ];
    expect(resendKey([...yesFirst].reverse())).not.toBe(resendKey(yesFirst));
  });
});

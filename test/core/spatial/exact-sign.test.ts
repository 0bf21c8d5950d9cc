import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { crossSign } from "#core/spatial/exact-sign.js";

const ULP = 2 ** -52;

describe("crossSign", () => {
  it("is exact where the rounded products are equal", () => {
    // (1 + u)(1 − u) = 1 − u² rounds to 1, but is below it.
    expect((1 + ULP) * (1 - ULP) - 1).toBe(0);
    expect(crossSign(1 + ULP, 1 - ULP, 1, 1)).toBe(-1);
    expect(crossSign(1, 1, 1 + ULP, 1 - ULP)).toBe(1);
  });

  it("is zero only for an exactly zero determinant", () => {
    expect(crossSign(0.1, 0.3, 0.3, 0.1)).toBe(0);
    expect(crossSign(0, 5, 7, 0)).toBe(0);
    expect(crossSign(2 ** -1074, 1, 1, 2 ** -1074)).toBe(0);
    expect(crossSign(2 ** -1074, 2 ** -1074, 0, 1)).toBe(1);
  });

  it("agrees with exact integer arithmetic", () => {
    const small = fc.integer({ min: -(2 ** 26), max: 2 ** 26 });
    fc.assert(
      fc.property(small, small, small, small, (a, b, c, d) => {
        expect(crossSign(a, b, c, d)).toBe(Math.sign(a * b - c * d));
      }),
    );
  });

  it("changes sign when the products swap, near-collinear or not", () => {
    const value = fc.double({ min: -1e3, max: 1e3, noNaN: true });
    const nudge = fc.integer({ min: -4, max: 4 });
    fc.assert(
      fc.property(value, value, nudge, (a, b, k) => {
        const c = a * (1 + k * ULP);
        expect(crossSign(a, b, c, b) === -crossSign(c, b, a, b)).toBe(true);
        expect(crossSign(a, b, b, a) === 0).toBe(true);
      }),
    );
  });
});

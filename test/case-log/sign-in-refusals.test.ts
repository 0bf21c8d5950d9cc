import { describe, expect, it } from "vitest";
import { refusalMessage, SIGN_IN_REFUSED } from "#http/case-log/sign-in-pages.js";

// Before the password is proven, an answer only a real account can get (locked, needing a reset,
// blocked) would say who has an account: on the email step they all read the same (issue 15,
// finding 9). After it, the person is known and is told what to do.

describe("sign-in refusals", () => {
  it.each([
    "wrong-credentials",
    "too-many-attempts",
    "password-reset-required",
    "blocked",
    "unsupported",
  ] as const)("%s on the email step reads as any other refusal", (reason) => {
    expect(refusalMessage({ kind: "refused", reason }, "email")).toEqual({
      field: "email",
      message: SIGN_IN_REFUSED,
    });
  });

  it("says what to do once the person is known", () => {
    expect(refusalMessage({ kind: "refused", reason: "password-reset-required" }, "code").message).toMatch(
      /must be reset/,
    );
    expect(refusalMessage({ kind: "refused", reason: "too-many-attempts" }, "code").message).toMatch(
      /Wait 15 minutes/,
    );
  });
});

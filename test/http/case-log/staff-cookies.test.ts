import { describe, expect, it } from "vitest";
import {
  clearStaffCookie,
  STAFF_CHALLENGE_COOKIE,
  STAFF_CSRF_COOKIE,
  STAFF_SESSION_COOKIE,
  staffCookie,
} from "../../../functions/http/case-log/staff-cookies.js";

describe("the case log's cookies", () => {
  it.each([STAFF_SESSION_COOKIE, STAFF_CHALLENGE_COOKIE, STAFF_CSRF_COOKIE])(
    "%s is a __Host- cookie over https: Secure, Path=/, no Domain, never sent cross-site",
    (name) => {
      const cookie = staffCookie(name, "v", 60, true);
      expect(cookie).toBe(`__Host-${name}=v; Path=/; Max-Age=60; HttpOnly; SameSite=Strict; Secure`);
      expect(clearStaffCookie(name, true)).toBe(
        `__Host-${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure`,
      );
    },
  );

  it("keeps its bare name, not Secure, on plain http, and lasts the browser session without a Max-Age", () => {
    expect(staffCookie(STAFF_CHALLENGE_COOKIE, "v", undefined, false)).toBe(
      `${STAFF_CHALLENGE_COOKIE}=v; Path=/; HttpOnly; SameSite=Strict`,
    );
  });

  it("is named apart from the old Path=/staff cookies, so none of those can shadow it", () => {
    for (const name of [STAFF_SESSION_COOKIE, STAFF_CHALLENGE_COOKIE, STAFF_CSRF_COOKIE]) {
      expect(name).not.toMatch(/^signpost_staff_/);
    }
  });
});

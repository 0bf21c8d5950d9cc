import { describe, expect, it } from "vitest";
import { siteCookie, siteCookieName } from "../../../functions/http/middleware/cookies.js";

describe("siteCookieName", () => {
  it("takes the __Host- prefix over https and stays bare on plain http", () => {
    expect(siteCookieName("signpost_session", true)).toBe("__Host-signpost_session");
    expect(siteCookieName("signpost_session", false)).toBe("signpost_session");
  });
});

describe("siteCookie", () => {
  it("over https: __Host-, Secure, Path=/ and no Domain, as the prefix requires", () => {
    const cookie = siteCookie("a", "b", { maxAgeSeconds: 60, sameSite: "Strict", secure: true });
    expect(cookie).toBe("__Host-a=b; Path=/; Max-Age=60; HttpOnly; SameSite=Strict; Secure");
    expect(cookie).not.toMatch(/Domain=/i);
  });

  it("on plain http: the bare name, still Path=/, not Secure (the browser would refuse it)", () => {
    expect(siteCookie("a", "b", { sameSite: "Lax", secure: false })).toBe(
      "a=b; Path=/; HttpOnly; SameSite=Lax",
    );
  });
});

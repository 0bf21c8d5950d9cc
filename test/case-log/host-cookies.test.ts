import { describe, expect, it } from "vitest";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { useLocalStack } from "../helpers/local-stack.js";
import { StaffClient } from "../helpers/staff-client.js";

// The cookie names a browser gets through the gateway, signing in: with COOKIE_SECURE=true (as in
// AWS, here over loopback http, which a fetch client does not mind) they carry the `__Host-` prefix,
// and on the default local stack (plain http) they keep their bare names.

const setCookies = (response: Response) => response.headers.getSetCookie();
const names = (cookies: string[]) => cookies.map((c) => c.split("=")[0]);

describe("the case log's cookies as served with COOKIE_SECURE=true", () => {
  let stack: LocalStack;
  useLocalStack({ env: { COOKIE_SECURE: "true" } }, (started) => {
    stack = started;
  });

  it("signs in under __Host- names (the CSRF token read back, the session opening the list)", async () => {
    const staff = new StaffClient(stack.urls.api);
    const page = await staff.request("/staff/sign-in");
    expect(names(setCookies(page.response))).toEqual(["__Host-signpost_case_log_csrf"]);
    await staff.signIn();
    expect([...staff.jar.keys()].sort()).toEqual([
      "__Host-signpost_case_log_csrf",
      "__Host-signpost_case_log_session",
    ]);
    expect((await staff.request("/staff/cases")).response.status).toBe(200);

    const form = await fetch(`${stack.urls.api}/`);
    const [session = ""] = setCookies(form).filter((c) => c.startsWith("__Host-signpost_session="));
    expect(session).toMatch(/; Path=\/; .*; Secure$/);
    expect(session).not.toMatch(/Domain=/i);
  });
});

describe("the case log's cookies on the plain-http local stack", () => {
  let stack: LocalStack;
  useLocalStack({}, (started) => {
    stack = started;
  });

  it("signs in under the bare names, not Secure", async () => {
    const staff = await new StaffClient(stack.urls.api).signIn();
    expect([...staff.jar.keys()].sort()).toEqual(["signpost_case_log_csrf", "signpost_case_log_session"]);
    const signOut = await staff.request("/staff/sign-out", {
      method: "POST",
      form: { _csrf: staff.jar.get("signpost_case_log_csrf") ?? "" },
    });
    const cleared = setCookies(signOut.response).find((c) => c.startsWith("signpost_case_log_session="));
    expect(cleared).toBe("signpost_case_log_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
  });
});

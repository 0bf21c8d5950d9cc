import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_STAFF_USERS } from "../../functions/local/identity-provider.js";
import { type LocalStack, startLocalStack } from "../../functions/local/local-stack.js";

// The case log through the local stack (`npm start`): the gateway, dynalite and the local identity
// provider over real HTTP. A report made through the JSON API shows up for signed-in staff.

let stack: LocalStack;
let base: string;
beforeAll(async () => {
  stack = await startLocalStack({ queue: { visibilityTimeoutMs: 200 } });
  base = stack.urls.api;
});
afterAll(async () => {
  await stack?.close();
});

/** A tiny cookie jar over fetch, with no redirects followed. */
class Staff {
  readonly jar = new Map<string, string>();
  async request(path: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const response = await fetch(`${base}${path}`, {
      method: init.method ?? "GET",
      redirect: "manual",
      headers: {
        cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join("; "),
        ...(init.form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, value] = (pair ?? "").split("=");
      if (!name) continue;
      if (/Max-Age=0/.test(cookie)) this.jar.delete(name);
      else this.jar.set(name, value ?? "");
    }
    return { response, body: await response.text() };
  }
  csrf(body: string) {
    return /name="_csrf" value="([a-f0-9]{64})"/.exec(body)?.[1] ?? "";
  }
}

describe("the case log on the local stack", () => {
  it("signs in with the demo login, lists and opens a new report, and signs out", async () => {
    const created = await fetch(`${base}/api/reports`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        service: "speeding",
        answers: { danger: "no", "road-type": "residential", outcome: "speedwatch" },
        location: { postcode: "ZX2 1FD" },
        description: "Cars speed past the <school> at 8am.",
      }),
    });
    expect(created.status).toBe(201);
    const { reference } = (await created.json()) as { reference: string };

    const staff = new Staff();
    expect((await staff.request("/staff/cases")).response.status).toBe(303);
    const signInPage = await staff.request("/staff/sign-in");
    expect(signInPage.response.status).toBe(200);
    const demo = DEMO_STAFF_USERS[0];
    const signedIn = await staff.request("/staff/sign-in", {
      method: "POST",
      form: { _csrf: staff.csrf(signInPage.body), email: demo?.email ?? "", password: demo?.password ?? "" },
    });
    expect(signedIn.response.status).toBe(303);
    expect(signedIn.response.headers.get("location")).toBe("/staff/cases");

    const list = await staff.request("/staff/cases");
    expect(list.response.status).toBe(200);
    expect(list.body).toContain(reference);
    const one = await staff.request(`/staff/cases/${reference}`);
    expect(one.response.status).toBe(200);
    expect(one.body).toContain("Cars speed past the &lt;school&gt; at 8am.");
    expect(one.body).toMatch(/<strong>submitted<\/strong>/);

    // The resident form never receives the staff cookie (Path=/staff) and stays the resident form.
    expect((await fetch(`${base}/`)).status).toBe(200);

    const out = await staff.request("/staff/sign-out", {
      method: "POST",
      form: { _csrf: staff.csrf(list.body) },
    });
    expect(out.response.status).toBe(303);
    expect((await staff.request("/staff/cases")).response.status).toBe(303);
  });
});

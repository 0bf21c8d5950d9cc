import { expect } from "vitest";
import { DEMO_STAFF_USERS } from "../../functions/local/identity-provider.js";

/** A member of staff's browser over fetch: a cookie jar, no redirects followed. */
export class StaffClient {
  readonly jar = new Map<string, string>();
  constructor(private readonly base: string) {}

  async request(
    path: string,
    init: {
      method?: string;
      form?: Record<string, string>;
      body?: string;
      headers?: Record<string, string>;
    } = {},
  ) {
    const body = init.form ? new URLSearchParams(init.form).toString() : init.body;
    const response = await fetch(`${this.base}${path}`, {
      method: init.method ?? "GET",
      redirect: "manual",
      headers: {
        cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join("; "),
        ...(body !== undefined ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        ...init.headers,
      },
      ...(body !== undefined ? { body } : {}),
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

  /** Signs in through the form (the demo staff login unless told otherwise). */
  async signIn(user = DEMO_STAFF_USERS[0]): Promise<this> {
    const page = await this.request("/staff/sign-in");
    const response = await this.request("/staff/sign-in", {
      method: "POST",
      form: { _csrf: this.csrf(page.body), email: user?.email ?? "", password: user?.password ?? "" },
    });
    expect(response.response.status).toBe(303);
    return this;
  }
}

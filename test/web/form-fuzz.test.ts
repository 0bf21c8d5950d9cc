import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { demoPlaces, type FormResponse, FormSession } from "../helpers/browser.js";
import { useLocalStack } from "../helpers/local-stack.js";

// Property tests: random and hostile form bodies, posted with a valid session and CSRF token to
// every POST route of the form, with the journey walked far enough that each route really handles
// them. Never a 5xx; never a resident's value in the HTML unescaped.

const { parish, outward } = demoPlaces();

let stack: LocalStack;
let base: string;
useLocalStack({ queue: { visibilityTimeoutMs: 200 } }, (started) => {
  stack = started;
  base = stack.urls.api;
});

/** The whole speeding journey up to check your answers, so every route is reachable. */
const WALK: Array<[string, Record<string, string>]> = [
  ["/speeding/questions/danger", { danger: "no" }],
  ["/speeding/questions/road-type", { "road-type": "residential" }],
  ["/speeding/questions/outcome", { outcome: "speedwatch" }],
  ["/speeding/location", { postcode: parish.postcode }],
  ["/speeding/details", { description: "Speeding." }],
  ["/speeding/contact", {}],
];

/**
 * Each POST route, the GET that shows it (if not the same path), its form's fields, some valid
 * values, and whether it shows typed values back (then some hostile value must come back escaped).
 */
const ROUTES: Array<{ post: string; get?: string; fields: string[]; valid: string[]; echoes: boolean }> = [
  { post: "/speeding/questions/danger", fields: ["danger"], valid: ["yes", "no"], echoes: false },
  {
    post: "/speeding/questions/road-type",
    fields: ["road-type"],
    valid: ["residential", "motorway"],
    echoes: false,
  },
  {
    post: "/speeding/questions/outcome",
    fields: ["outcome"],
    valid: ["speedwatch", "enforcement"],
    echoes: false,
  },
  {
    post: "/speeding/location",
    fields: ["postcode", "method", "lat", "lng"],
    valid: [parish.postcode, "coordinates"],
    echoes: true,
  },
  {
    post: "/speeding/location/choose",
    get: `/speeding/location/choose?q=${outward(parish)}`,
    fields: ["q", "postcode"],
    valid: [outward(parish), parish.postcode],
    echoes: false,
  },
  {
    post: "/speeding/details",
    fields: ["description", "when", "roadName"],
    valid: ["Cars speed."],
    echoes: true,
  },
  {
    post: "/speeding/contact",
    fields: ["name", "email", "phone", "shareWithParish"],
    valid: ["yes", "a@b.co"],
    echoes: true,
  },
  { post: "/speeding/check-answers", fields: [], valid: [], echoes: false },
];

/** Markers that must never reach the page raw: a tag, and quotes that would end an attribute. */
const MARKERS = ["<x-marker-", '"x-quote-', "'x-apos-"];

const hostile = fc.oneof(
  fc.nat(999).map((n) => `<x-marker-${n}>`),
  fc.nat(999).map((n) => `"><x-marker-${n} onmouseover=alert(1)>`),
  fc.nat(999).map((n) => `" autofocus onfocus="x-quote-${n}`),
  fc.nat(999).map((n) => `' onfocus='x-apos-${n}`),
  fc.constantFrom(
    "<script>alert(1)</script>",
    "&amp;&lt;&#x3C;",
    "&",
    "\u0000\u0007\u001b",
    "ZX2 1FD",
    "zx2",
    "Infinity",
    "NaN",
    "-0",
    "1e308",
    " ",
    "__proto__",
    "constructor",
    "{{ 7*7 }}",
    "{% raw %}",
    "😀🇬🇧 ﷽ ẞ İ",
    "\u202e\u200b",
  ),
);

const value = (valid: readonly string[]) =>
  fc.oneof(
    { arbitrary: hostile, weight: 4 },
    { arbitrary: fc.string({ maxLength: 60 }), weight: 2 },
    { arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }), weight: 2 },
    {
      arbitrary: fc
        .tuple(fc.string({ maxLength: 10 }), hostile, fc.string({ maxLength: 10 }))
        .map((p) => p.join("")),
      weight: 3,
    },
    { arbitrary: fc.double().map(String), weight: 1 },
    { arbitrary: fc.integer({ min: 1, max: 3000 }).map((n) => `<x-marker-long>${"y".repeat(n)}`), weight: 1 },
    { arbitrary: valid.length > 0 ? fc.constantFrom(...valid) : fc.constant(""), weight: 3 },
  );

/** A body: the form's own fields (some missing, some repeated) plus strange extra ones. */
const body = (fields: readonly string[], valid: readonly string[]) =>
  fc
    .tuple(
      fc.array(fc.tuple(fields.length > 0 ? fc.constantFrom(...fields) : fc.constant("x"), value(valid)), {
        maxLength: 8,
      }),
      fc.array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom(
              "__proto__",
              "constructor",
              "prototype",
              "toString",
              "_csrf",
              "method",
              "q",
              "change",
            ),
            fc.string({ maxLength: 12 }),
          ),
          value(valid),
        ),
        { maxLength: 3 },
      ),
    )
    .chain(([own, extra]) =>
      fc.shuffledSubarray([...own, ...extra], { minLength: own.length + extra.length }),
    );

function expectSafe(response: FormResponse, what: string) {
  expect(response.status, `${what}: status`).toBeLessThan(500);
  for (const marker of MARKERS) expect(response.body.includes(marker), `${what}: raw ${marker}`).toBe(false);
  if (response.location !== null) expect(response.location, `${what}: redirect`).toMatch(/^\/[^/\\]/);
}

describe("random and hostile form bodies", () => {
  let session: FormSession | undefined;
  /** Whether the last body was refused (400/413), so the session is where it was. */
  let unchanged = false;

  /** A session at check your answers, whose every page is reachable; re-made when a body ended it. */
  async function readySession(path: string): Promise<FormSession> {
    if (session && (unchanged || (await session.get(path)).status === 200)) return session;
    session = await new FormSession(base).begin("/speeding", "/speeding/questions/danger");
    await session.walk(WALK);
    return session;
  }

  it.each(ROUTES.map((r) => [r.post, r] as const))(
    "POST %s: never a 5xx, never an unescaped value",
    async (_, route) => {
      const show = route.get ?? route.post;
      // Sending the report ends the journey, so every run of that route needs a new one.
      const runs = route.post.endsWith("check-answers") ? 25 : 100;
      let echoed = 0;
      unchanged = false;
      await fc.assert(
        fc.asyncProperty(body(route.fields, route.valid), async (pairs) => {
          const ready = await readySession(show);
          const response = await ready.post(route.post, pairs);
          unchanged = response.status === 400 || response.status === 413;
          expectSafe(response, `POST ${route.post} ${JSON.stringify(pairs).slice(0, 300)}`);
          // The token is valid (it comes first; a repeated _csrf loses), so never 403.
          expect([200, 303, 400, 413]).toContain(response.status);
          // Where it led must be safe too: check answers shows back what was stored.
          let shown = response;
          if (response.location) {
            shown = await ready.get(response.location);
            expectSafe(shown, `then GET ${response.location}`);
          }
          if (shown.body.includes("&lt;x-marker-")) echoed++;
        }),
        { numRuns: runs },
      );
      // The property means something only if hostile values do come back, escaped, on these pages.
      if (route.echoes) expect(echoed).toBeGreaterThan(0);
    },
    30_000,
  );
});

/** Characters no single-line field takes (issue 15, finding 11), with the tab a browser never sends. */
const NOT_ONE_LINE = ["\r\n", "\u0085", "\u2028", "\u2029", "\u202E", "\u2066", "\u200F", "\u0007", "\t"];

// A page with field errors answers 400 with the GOV.UK error summary (as every form page does).
describe("hidden characters in the form's single-line fields (issue 15, findings 4 and 11)", () => {
  /** Each field: its page, the other fields that page needs, the label its message starts with. */
  const FIELDS: Array<[string, string, Record<string, string>, string]> = [
    ["/speeding/details", "when", { description: "Cars speed." }, "When"],
    ["/speeding/details", "roadName", { description: "Cars speed." }, "Road name"],
    ["/speeding/contact", "name", {}, "Name"],
    ["/speeding/contact", "email", {}, "Email address"],
    ["/speeding/contact", "phone", {}, "Telephone number"],
    ["/speeding/location", "postcode", {}, "Postcode"],
  ];

  it.each(FIELDS)(
    "POST %s with %s: a GOV.UK error summary naming the field",
    async (path, field, rest, label) => {
      const session = await new FormSession(base).begin("/speeding", "/speeding/questions/danger");
      await session.walk(WALK);
      const good: Record<string, string> = {
        when: "Mornings",
        roadName: "Mill Lane",
        name: "Sam Jones",
        email: "sam@example.com",
        phone: "01632 960 001",
        postcode: parish.postcode,
      };
      for (const char of NOT_ONE_LINE) {
        const value = `${(good[field] ?? "").slice(0, 3)}${char}${(good[field] ?? "").slice(3)}`;
        const response = await session.post(path, { ...rest, [field]: value });
        const what = `${field} with U+${char.codePointAt(0)?.toString(16).padStart(4, "0")}`;
        expect(response.status, what).toBe(400);
        expect(response.body, what).toContain('class="govuk-error-summary"');
        expect(response.body, what).toContain(`href="#${field}"`);
        expect(response.body, what).toContain(
          `${label} must not contain line breaks or hidden formatting characters`,
        );
      }
    },
  );

  it("POST /speeding/contact with the issue's name: the web address is refused by name", async () => {
    const session = await new FormSession(base).begin("/speeding", "/speeding/questions/danger");
    await session.walk(WALK);
    const response = await session.post("/speeding/contact", { name: "Sam Pay at evil.example" });
    expect(response.status).toBe(400);
    expect(response.body).toContain('class="govuk-error-summary"');
    expect(response.body).toContain("Name must not contain a web address");
  });

  it("POST /speeding/details with a right-to-left override in the description: refused by name", async () => {
    const session = await new FormSession(base).begin("/speeding", "/speeding/questions/danger");
    await session.walk(WALK);
    const response = await session.post("/speeding/details", { description: "Cars \u202Eesrever" });
    expect(response.status).toBe(400);
    expect(response.body).toContain('href="#description"');
    expect(response.body).toContain(
      "Description must not contain control characters or characters that change the direction of text",
    );
  });

  it("POST /speeding/details with bytes that are not UTF-8: refused, never stored as U+FFFD", async () => {
    const session = await new FormSession(base).begin("/speeding", "/speeding/questions/danger");
    await session.walk(WALK);
    const response = await session.post("/speeding/details", "description=Cars%ED%A0%80");
    expect(response.status).toBe(400);
    expect(response.body).toContain("The form was not sent in a way we understand");
    expect((await session.get("/speeding/check-answers")).body).not.toContain("\uFFFD");
  });
});

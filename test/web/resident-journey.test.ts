import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalStack } from "../../functions/local/local-stack.js";
import {
  choose,
  demoPlaces,
  expectAccessible,
  follow,
  FormSession,
  openPage,
  openPageAt,
  press,
  screenshot,
  tableItemCount,
  type Traffic,
  where,
  useStackAndBrowser,
} from "../helpers/browser.js";
import { queueDrained } from "../helpers/local-stack.js";
import { emailsAbout } from "../helpers/ses-store.js";
import { journey } from "../helpers/steps.js";

// The speeding journey in a real browser (Chromium, JavaScript on): every page checked with axe,
// photographed for people to look at, and the report followed into the SES emulator.

const COUNCIL = "Exampleshire Vale District Council";
const SERVICE = "Report speeding traffic";
const { parish, unparished, outside, postcodes, outward } = demoPlaces();

let stack: LocalStack;
let browser: Browser;
let origin: string;
useStackAndBrowser({ queue: { visibilityTimeoutMs: 200 } }, (env) => {
  ({ stack, browser, origin } = env);
});

/** GOV.UK titles: page, service, council; the "Error: " prefix is checked in error-states. */
const titled = (title: string) => `${title} – ${SERVICE} – ${COUNCIL}`;

async function expectPage(page: Page, expected: { path: string; title: string; back?: string | null }) {
  expect(where(page)).toBe(expected.path);
  expect(await page.title()).toBe(expected.title);
  const back = page.locator(".govuk-back-link");
  if (expected.back === null) expect(await back.count()).toBe(0);
  else if (expected.back !== undefined) expect(await back.getAttribute("href")).toBe(expected.back);
}

function expectCleanTraffic(traffic: Traffic) {
  expect(traffic.foreign).toEqual([]);
  expect(traffic.failedAssets).toEqual([]);
  expect(traffic.cspViolations).toEqual([]);
}

async function summaryRows(page: Page): Promise<Array<[string, string]>> {
  const keys = await page.locator(".govuk-summary-list__key").allInnerTexts();
  const values = await page.locator(".govuk-summary-list__value").allInnerTexts();
  return keys.map((k, i) => [k.trim(), (values[i] ?? "").trim()]);
}

const QUESTIONS = (roadType: string, outcome: string): Array<[string, Record<string, string>]> => [
  ["/speeding/questions/danger", { danger: "no" }],
  ["/speeding/questions/road-type", { "road-type": roadType }],
  ["/speeding/questions/outcome", { outcome }],
];

/** A browser page at "Where is the problem?", the questions answered over HTTP beforehand. */
async function atLocation(roadType: string, outcome: string, options: BrowserContextOptions = {}) {
  const session = await new FormSession(origin).begin("/speeding", "/speeding/questions/danger");
  await session.walk(QUESTIONS(roadType, outcome));
  const opened = await openPageAt(browser, session, "/speeding/location", options);
  expect(where(opened.page)).toBe("/speeding/location");
  return opened;
}

async function emailsFor(reference: string) {
  await queueDrained(stack);
  return emailsAbout(stack.urls.ses, reference);
}

describe("the speeding journey in Chromium", () => {
  journey("sends a Speedwatch report to the parish clerk, passing axe on every page", (step) => {
    let opened: Awaited<ReturnType<typeof openPage>>;
    let page: Page;
    let token = "";
    let reference = "";
    const shot = (name: string) => screenshot(page, `speeding-${name}`);
    beforeAll(async () => {
      opened = await openPage(browser, origin);
      page = opened.page;
    });
    afterAll(() => opened?.close());

    step("lists the services, starts, and answers that no one is in danger", async () => {
      await page.goto(`${origin}/`);
      await expectPage(page, { path: "/", title: `Report a problem – ${COUNCIL}`, back: null });
      await expect(page.locator("h1").innerText()).resolves.toBe(`Report a problem to ${COUNCIL}`);
      expect(await page.locator("main h2 a").allInnerTexts()).toEqual([
        SERVICE,
        "Report a problem with a bench, bus shelter or noticeboard",
      ]);
      await expectAccessible(page, "the list of services");
      await shot("01-services");

      await follow(page, SERVICE);
      await expectPage(page, { path: "/speeding", title: `${SERVICE} – ${COUNCIL}` });
      await expectAccessible(page, "the start page");
      await shot("02-start");

      await press(page, "Start now");
      await expectPage(page, {
        path: "/speeding/questions/danger",
        title: titled("Is anyone in immediate danger?"),
        back: "/speeding",
      });
      await expectAccessible(page, "the danger question");
      await shot("03-question-danger");
      await choose(page, "No");
    });

    step("asks the kind of road and the outcome wanted", async () => {
      await expectPage(page, {
        path: "/speeding/questions/road-type",
        title: titled("What kind of road is it?"),
        back: "/speeding/questions/danger",
      });
      await expectAccessible(page, "the road type question");
      await shot("04-question-road-type");
      await choose(page, "A residential street or village road");

      await expectPage(page, {
        path: "/speeding/questions/outcome",
        title: titled("What would you like to happen?"),
        back: "/speeding/questions/road-type",
      });
      await expectAccessible(page, "the outcome question");
      await shot("05-question-outcome");
      await choose(page, "Join or start a Community Speedwatch group");
    });

    step("finds the place by postcode, and Back keeps what was entered", async () => {
      await expectPage(page, {
        path: "/speeding/location",
        title: titled("Where is the problem?"),
        back: "/speeding/questions/outcome",
      });
      // JavaScript is on and the browser has geolocation: the enhancement is offered.
      await expect(page.getByRole("button", { name: "Use my current location" }).isVisible()).resolves.toBe(
        true,
      );
      await expectAccessible(page, "the location page");
      await shot("06-location");
      await page.getByLabel("Postcode").fill(parish.postcode.toLowerCase().replace(" ", ""));
      await press(page, "Continue");

      await expectPage(page, {
        path: "/speeding/details",
        title: titled("Describe the speeding"),
        back: "/speeding/location",
      });
      // Back keeps what was entered, normalised.
      await follow(page, "Back");
      await expectPage(page, { path: "/speeding/location", title: titled("Where is the problem?") });
      await expect(page.getByLabel("Postcode").inputValue()).resolves.toBe(parish.postcode);
      await press(page, "Continue");

      await expectPage(page, { path: "/speeding/details", title: titled("Describe the speeding") });
    });

    step("takes the description and the contact details", async () => {
      await expectAccessible(page, "the details page");
      await shot("08-details");
      await page.getByLabel("Describe the speeding").fill("Vans race past the primary school at 50 mph.");
      await page.getByLabel("When does it happen? (optional)").fill("Weekday mornings, 8 to 9am");
      await page.getByLabel("Which road is it? (optional)").fill("Mill Lane");
      await press(page, "Continue");

      await expectPage(page, {
        path: "/speeding/contact",
        title: titled("Your contact details (optional)"),
        back: "/speeding/details",
      });
      await expectAccessible(page, "the contact page");
      await shot("09-contact");
      await page.getByLabel("Full name").fill("Sam Resident");
      await page.getByLabel("Email address").fill("sam@example.com");
      await page.getByLabel("Telephone number").fill("01632 960 001");
      await page.getByLabel(`Share my contact details with ${parish.parishName} Parish Council`).check();
      await press(page, "Continue");
    });

    step("checks the answers and sends the report, loading nothing from elsewhere", async () => {
      await expectPage(page, {
        path: "/speeding/check-answers",
        title: titled("Check your answers before sending your report"),
        back: "/speeding/contact",
      });
      expect(await summaryRows(page)).toEqual([
        ["Is anyone in immediate danger?", "No"],
        ["What kind of road is it?", "A residential street or village road"],
        ["What would you like to happen?", "Join or start a Community Speedwatch group"],
        ["Location", parish.postcode],
        ["Describe the speeding", "Vans race past the primary school at 50 mph."],
        ["When does it happen?", "Weekday mornings, 8 to 9am"],
        ["Which road is it?", "Mill Lane"],
        ["Name", "Sam Resident"],
        ["Email", "sam@example.com"],
        ["Telephone", "01632 960 001"],
        ["Progress emails", "No"],
        ["Share with the parish council", "Yes"],
      ]);
      await expect(page.getByText("We will send your report to").innerText()).resolves.toBe(
        `We will send your report to ${parish.parishName} Parish Council.`,
      );
      await expectAccessible(page, "check your answers");
      await shot("10-check-answers");
      token = await page.locator('input[name="_csrf"]').first().inputValue();
      await press(page, "Send report");

      await expectPage(page, { path: "/speeding/confirmation", title: titled("Report sent"), back: null });
      const panel = page.locator(".govuk-panel");
      await expect(panel.locator(".govuk-panel__title").innerText()).resolves.toBe("Report sent");
      reference = (await panel.locator("strong").innerText()).trim();
      expect(reference).toMatch(/^SPD-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      await expect(page.locator("main").innerText()).resolves.toContain(
        `We are sending your report to ${parish.parishName} Parish Council, or to ${COUNCIL} if the parish council cannot be reached.`,
      );
      await expectAccessible(page, "the confirmation page");
      await shot("11-confirmation");

      // The browser loaded our stylesheet and GOV.UK's script from the stack, and nothing else:
      // no font file (the pages use Arial, not GDS Transport).
      expectCleanTraffic(opened.traffic);
      expect(opened.traffic.loaded).toEqual(
        expect.arrayContaining(["/assets/signpost.css", "/assets/govuk-frontend.min.js", "/assets/app.mjs"]),
      );
      expect(opened.traffic.loaded.filter((p) => /\/fonts\/|\.woff2?$/.test(p))).toEqual([]);
    });

    step("answers a replayed final POST with the same confirmation", async () => {
      // Double submission: replay the final POST with the same cookie and token.
      const cookie = (await page.context().cookies()).find((c) => c.name === "signpost_session");
      const replay = await fetch(`${origin}/speeding/check-answers`, {
        method: "POST",
        redirect: "manual",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          cookie: `signpost_session=${cookie?.value}`,
        },
        body: new URLSearchParams({ _csrf: token }).toString(),
      });
      expect(replay.status).toBe(303);
      expect(replay.headers.get("location")).toBe("/speeding/confirmation");
      await page.reload();
      await expect(page.locator(".govuk-panel").locator("strong").innerText()).resolves.toBe(reference);
    });

    step("emails the report to the parish clerk and a receipt to the resident", async () => {
      const emails = await emailsFor(reference);
      const toClerk = emails.filter((e) => e.destination.to.includes(parish.clerkEmail));
      expect(toClerk).toHaveLength(1);
      expect(emails.map((e) => e.destination.to).sort()).toEqual([[parish.clerkEmail], ["sam@example.com"]]);
      const text = toClerk[0]?.body.text ?? "";
      for (const part of [
        reference,
        parish.postcode,
        "Mill Lane",
        "Vans race past the primary school at 50 mph.",
        "Join or start a Community Speedwatch group",
        "sam@example.com",
      ]) {
        expect(text).toContain(part);
      }
    });
  });

  it("offers a choice among several matches for a partial postcode", async () => {
    const partial = outward(parish);
    const matches = postcodes
      .filter((p) => outward(p) === partial)
      .map((p) => p.postcode)
      .sort();
    expect(matches.length).toBeGreaterThan(1);
    const { page, traffic, close } = await atLocation("residential", "speed-sign");
    await page.getByLabel("Postcode").fill(partial.toLowerCase());
    await press(page, "Continue");

    await expectPage(page, {
      path: `/speeding/location/choose?q=${partial}`,
      title: titled("Select the postcode"),
      back: "/speeding/location",
    });
    expect(await page.locator(".govuk-radios__label").allInnerTexts()).toEqual(matches);
    await expectAccessible(page, "the choose-a-postcode page");
    await screenshot(page, "speeding-07-choose-postcode");
    await choose(page, parish.postcode);
    await expectPage(page, { path: "/speeding/details", title: titled("Describe the speeding") });
    expectCleanTraffic(traffic);
    await close();
  });

  it("sends a report from an unparished street to the district mailbox", async () => {
    const { page, traffic, close } = await atLocation("main-road", "speed-sign");
    await page.getByLabel("Postcode").fill(unparished.postcode);
    await press(page, "Continue");
    await page.getByLabel("Describe the speeding").fill("Lorries speeding through the crossroads.");
    await press(page, "Continue");
    // No parish, so no consent question.
    await expect(page.getByLabel(/^Share my contact details/).count()).resolves.toBe(0);
    await expectAccessible(page, "the contact page without a parish");
    await press(page, "Continue");

    await expectPage(page, {
      path: "/speeding/check-answers",
      title: titled("Check your answers before sending your report"),
    });
    await expect(page.getByText("We will send your report to").innerText()).resolves.toBe(
      `We will send your report to ${COUNCIL}.`,
    );
    expect((await summaryRows(page)).map(([key]) => key)).not.toContain("Share with the parish council");
    await expectAccessible(page, "check your answers for the district");
    await press(page, "Send report");

    const reference = (await page.locator(".govuk-panel strong").innerText()).trim();
    await expect(page.locator("main").innerText()).resolves.toContain(
      `We are sending your report to ${COUNCIL}.`,
    );
    const emails = await emailsFor(reference);
    expect(emails.map((e) => e.destination.to)).toEqual([[stack.config.DISTRICT_EMAIL]]);
    expect(emails[0]?.body.text).toContain("Lorries speeding through the crossroads.");
    expectCleanTraffic(traffic);
    await close();
  });

  it.each([
    ["immediate danger", ["Yes"], "immediate-danger", "Call 999 now", "/speeding/questions/danger"],
    [
      "a motorway",
      ["No", "A motorway or major A road (trunk road)"],
      "trunk-road",
      "Report it to National Highways",
      "/speeding/questions/road-type",
    ],
  ])("signposts %s elsewhere and stores nothing", async (_, answers, rule, heading, back) => {
    const { page, traffic, close } = await openPage(browser, origin);
    await page.goto(`${origin}/speeding`);
    await press(page, "Start now");
    await queueDrained(stack);
    const before = await tableItemCount(stack.urls.dynamodb, stack.config.TABLE_NAME);
    for (const answer of answers) await choose(page, answer);

    await expectPage(page, { path: `/speeding/signposted/${rule}`, title: titled(heading), back });
    await expect(page.locator("h1").innerText()).resolves.toBe(heading);
    await expect(page.locator("main").innerText()).resolves.toContain("We have not sent or stored a report.");
    await expectAccessible(page, `the ${rule} signpost`);
    await screenshot(page, `speeding-12-signpost-${rule}`);
    expect(await tableItemCount(stack.urls.dynamodb, stack.config.TABLE_NAME)).toBe(before);
    expect(stack.queue.depth).toEqual({ visible: 0, inFlight: 0, deadLetters: 0 });
    // Asking for a later page by URL does not get past the signpost.
    await page.goto(`${origin}/speeding/check-answers`);
    expect(where(page)).toBe(`/speeding/signposted/${rule}`);
    expectCleanTraffic(traffic);
    await close();
  });

  it("names a postcode outside the district and sends nothing", async () => {
    const { page, traffic, close } = await atLocation("residential", "speedwatch");
    await page.getByLabel("Postcode").fill(outside.postcode);
    await press(page, "Continue");

    await expectPage(page, {
      path: `/speeding/outside-area?postcode=${encodeURIComponent(outside.postcode)}`,
      title: titled("This location is not in Exampleshire Vale"),
    });
    await expect(page.locator("main").innerText()).resolves.toContain(
      `${outside.postcode} is outside the area ${COUNCIL} looks after, so we cannot send your report.`,
    );
    await expectAccessible(page, "the outside-the-district page");
    await screenshot(page, "speeding-13-outside-district");
    await follow(page, "Enter a different postcode");
    await expectPage(page, { path: "/speeding/location", title: titled("Where is the problem?") });
    expectCleanTraffic(traffic);
    await close();
  });

  it("sends a real postcode from elsewhere in the UK to the outside-the-area page", async () => {
    const { page, traffic, close } = await atLocation("residential", "speedwatch");
    await page.getByLabel("Postcode").fill("SW1A 1AA");
    await press(page, "Continue");

    await expectPage(page, {
      path: "/speeding/outside-area?postcode=SW1A%201AA",
      title: titled("This location is not in Exampleshire Vale"),
    });
    await expect(page.locator("main").innerText()).resolves.toContain(
      `SW1A 1AA is outside the area ${COUNCIL} looks after, so we cannot send your report.`,
    );
    await expect(page.locator("main strong").innerText()).resolves.toBe("SW1A 1AA");
    await expect(page.getByRole("heading", { level: 2, name: "Check the postcode" }).count()).resolves.toBe(
      1,
    );
    await expectAccessible(page, "the outside-the-district page for a postcode from elsewhere");
    await screenshot(page, "speeding-13b-outside-district-postcode");
    // A mistyped postcode: the way back to the location page, to enter the right one.
    await follow(page, "Enter a different postcode");
    await expectPage(page, { path: "/speeding/location", title: titled("Where is the problem?") });
    expectCleanTraffic(traffic);
    await close();
  });

  it("uses the browser's current location when JavaScript and permission allow", async () => {
    const { page, traffic, close } = await atLocation("residential", "speedwatch", {
      geolocation: { latitude: parish.lat, longitude: parish.lng },
      permissions: ["geolocation"],
    });
    await press(page, "Use my current location");
    await expectPage(page, { path: "/speeding/details", title: titled("Describe the speeding") });
    await page.getByLabel("Describe the speeding").fill("Speeding outside the village hall.");
    await press(page, "Continue");
    await press(page, "Continue");

    const rows = await summaryRows(page);
    expect(rows.find(([key]) => key === "Location")?.[1]).toBe(
      `${parish.lat.toFixed(5)}, ${parish.lng.toFixed(5)} (your current location)`,
    );
    await expect(page.getByText("We will send your report to").innerText()).resolves.toBe(
      `We will send your report to ${parish.parishName} Parish Council.`,
    );
    await press(page, "Send report");
    const reference = (await page.locator(".govuk-panel strong").innerText()).trim();
    const emails = await emailsFor(reference);
    expect(emails.map((e) => e.destination.to)).toEqual([[parish.clerkEmail]]);
    expectCleanTraffic(traffic);
    await close();
  });
});

describe("the pages every service links to", () => {
  it("has an accessibility statement and a privacy notice that says how long data is kept", async () => {
    const { page, traffic, close } = await openPage(browser, origin);
    await page.goto(`${origin}/`);
    await follow(page, "Accessibility statement");
    await expectPage(page, { path: "/accessibility", title: `Accessibility statement – ${COUNCIL}` });
    await expect(page.locator("h1").innerText()).resolves.toBe(
      "Accessibility statement for Report a problem",
    );
    await expectAccessible(page, "the accessibility statement");

    await follow(page, "Privacy notice");
    await expectPage(page, { path: "/privacy", title: `Privacy notice – ${COUNCIL}` });
    await expect(page.locator("main").innerText()).resolves.toContain(
      `We keep each report, with any contact details you gave, for ${stack.config.RETENTION_DAYS} days`,
    );
    await expectAccessible(page, "the privacy notice");

    await follow(page, "Cookies");
    await expectPage(page, { path: "/cookies", title: `Cookies – ${COUNCIL}` });
    await expectAccessible(page, "the cookies page");

    await page.goto(`${origin}/no-such-page`);
    await expect(page.locator("h1").innerText()).resolves.toBe("Page not found");
    await expectAccessible(page, "the not-found page");
    expectCleanTraffic(traffic);
    await close();
  });
});

import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
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
  tableItemCount,
  where,
  useStackAndBrowser,
} from "../helpers/browser.js";
import { queueDrained } from "../helpers/local-stack.js";
import { emailsAbout } from "../helpers/ses-store.js";

// The second service, defined only by street-furniture.json: the same pages, generated from its
// data, route parish-owned furniture to the parish and the rest to the district.

const COUNCIL = "Exampleshire Vale District Council";
const SERVICE = "Report a problem with a bench, bus shelter or noticeboard";
const { parish } = demoPlaces();

let stack: LocalStack;
let browser: Browser;
let origin: string;
useStackAndBrowser({ queue: { visibilityTimeoutMs: 200 } }, (env) => {
  ({ stack, browser, origin } = env);
});

const titled = (title: string) => `${title} – ${SERVICE} – ${COUNCIL}`;
const QUESTIONS = [
  "Is it causing immediate danger to anyone?",
  "What is the problem with?",
  "Who looks after it?",
];

/** From the services list to the first question. */
async function start(page: Page) {
  await page.goto(`${origin}/`);
  await follow(page, SERVICE);
  expect(where(page)).toBe("/street-furniture");
  expect(await page.title()).toBe(`${SERVICE} – ${COUNCIL}`);
  await press(page, "Start now");
}

/** A browser page at the location page, the questions answered over HTTP. */
async function atLocation(item: string, owner: string) {
  const session = await new FormSession(origin).begin(
    "/street-furniture",
    "/street-furniture/questions/danger",
  );
  await session.walk([
    ["/street-furniture/questions/danger", { danger: "no" }],
    ["/street-furniture/questions/item", { item }],
    ["/street-furniture/questions/owner", { owner }],
  ]);
  const opened = await openPageAt(browser, session, "/street-furniture/location");
  expect(where(opened.page)).toBe("/street-furniture/location");
  return opened;
}

async function reportFrom(page: Page, postcode: string, description: string) {
  await page.getByLabel("Postcode").fill(postcode);
  await press(page, "Continue");
  expect(await page.title()).toBe(titled("Describe the problem (optional)"));
  await page.getByLabel("Describe the problem (optional)").fill(description);
  await page.getByLabel("Where exactly is it? (optional)").fill("By the war memorial");
  await press(page, "Continue");
  await press(page, "Continue");
  expect(where(page)).toBe("/street-furniture/check-answers");
}

async function send(page: Page) {
  await press(page, "Send report");
  expect(where(page)).toBe("/street-furniture/confirmation");
  const reference = (await page.locator(".govuk-panel strong").innerText()).trim();
  expect(reference).toMatch(/^SFN-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await queueDrained(stack);
  return { reference, emails: await emailsAbout(stack.urls.ses, reference) };
}

describe("the street furniture journey in Chromium", () => {
  it("asks what the problem is with, then who looks after it, each page passing axe", async () => {
    const { page, traffic, close } = await openPage(browser, origin);
    await start(page);
    const expected = [
      ["/street-furniture/questions/danger", "Is it causing immediate danger to anyone?", "No"],
      ["/street-furniture/questions/item", "What is the problem with?", "A bench or seat"],
      [
        "/street-furniture/questions/owner",
        "Who looks after it?",
        "The parish council, town council or parish meeting",
      ],
    ] as const;
    for (const [path, title, answer] of expected) {
      expect(where(page)).toBe(path);
      expect(await page.title()).toBe(titled(title));
      await expectAccessible(page, `the "${title}" question`);
      await choose(page, answer);
    }
    expect(where(page)).toBe("/street-furniture/location");
    expect(await page.locator(".govuk-back-link").getAttribute("href")).toBe(
      "/street-furniture/questions/owner",
    );
    await expectAccessible(page, "the street furniture location page");
    await reportFrom(page, parish.postcode, "The bench has a broken slat.");
    const rows = await page.locator(".govuk-summary-list__key").allInnerTexts();
    expect(rows.slice(0, 3).map((r) => r.trim())).toEqual(QUESTIONS);
    await expectAccessible(page, "street furniture check answers");
    const { emails } = await send(page);
    const toClerk = emails.find((e) => e.destination.to.includes(parish.clerkEmail));
    expect(toClerk?.body.text).toContain("A bench or seat");
    expect(traffic.foreign).toEqual([]);
    await close();
  });

  it("sends parish-owned furniture to the parish clerk", async () => {
    const { page, close } = await atLocation("noticeboard", "parish");
    await reportFrom(page, parish.postcode, "The noticeboard glass is smashed.");
    expect(await page.getByText("We will send your report to").innerText()).toBe(
      `We will send your report to ${parish.parishName} Parish Council.`,
    );
    await expectAccessible(page, "check answers for a parish bench");
    const { emails } = await send(page);
    expect(await page.locator("main").innerText()).toContain(
      `We are sending your report to ${parish.parishName} Parish Council, or to ${COUNCIL} if the parish council cannot be reached.`,
    );
    await expectAccessible(page, "the street furniture confirmation");
    expect(emails.map((e) => e.destination.to)).toEqual([[parish.clerkEmail]]);
    expect(emails[0]?.body.text).toContain("The noticeboard glass is smashed.");
    await close();
  });

  it.each([
    ["district-owned", "district"],
    ["unsure", "unsure"],
  ])("sends %s furniture in a parish to the district mailbox", async (_, owner) => {
    const { page, close } = await atLocation("bus-shelter", owner);
    await reportFrom(page, parish.postcode, "The shelter roof leaks.");
    expect(await page.getByText("We will send your report to").innerText()).toBe(
      `We will send your report to ${COUNCIL}.`,
    );
    const { emails } = await send(page);
    expect(emails.map((e) => e.destination.to)).toEqual([[stack.config.DISTRICT_EMAIL]]);
    await close();
  });

  it("sends a report with no description: the questions say what is wrong", async () => {
    const { page, close } = await atLocation("bench", "district");
    await reportFrom(page, parish.postcode, "");
    const rows = await page.locator(".govuk-summary-list__row").allInnerTexts();
    expect(rows.find((row) => row.startsWith("Describe the problem"))).toMatch(/Not given/);
    const { reference, emails } = await send(page);
    expect(emails.map((e) => e.destination.to)).toEqual([[stack.config.DISTRICT_EMAIL]]);
    expect((await stack.app.caseStore.get(reference))?.description).toBe("");
    await close();
  });

  it("signposts danger to 999 and stores nothing", async () => {
    const { page, close } = await openPage(browser, origin);
    await start(page);
    await queueDrained(stack);
    const before = await tableItemCount(stack.urls.dynamodb, stack.config.TABLE_NAME);
    await choose(page, "Yes");
    expect(where(page)).toBe("/street-furniture/signposted/immediate-danger");
    expect(await page.title()).toBe(titled("Call 999 if anyone is at risk"));
    expect(await page.locator("main").innerText()).toContain(
      "For dangerous street furniture out of office hours, call the district council's emergency line.",
    );
    await expectAccessible(page, "the street furniture signpost");
    expect(await tableItemCount(stack.urls.dynamodb, stack.config.TABLE_NAME)).toBe(before);
    await close();
  });
});

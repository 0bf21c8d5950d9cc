import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import type { LocalStack } from "../../functions/local/local-stack.js";
import {
  demoPlaces,
  expectAccessible,
  FormSession,
  openPage,
  openPageAt,
  press,
  screenshot,
  useStackAndBrowser,
  where,
} from "../helpers/browser.js";
import { journey } from "../helpers/steps.js";

// "Check your report" and the confirmation page's next steps in Chromium, with axe on every state
// (the form, its error summary, the result, the one refusal, "we have emailed", too many attempts),
// with a keyboard and with JavaScript off.

const COUNCIL = "Exampleshire Vale District Council";
const EMAIL = "checking.resident@example.com";
const NOT_FOUND = "We could not find a report with that reference and email address or postcode";
/** Wrong answers a reference takes a day: small, so the journey meets the limit. */
const PER_REFERENCE = 4;
const { parish } = demoPlaces();

let stack: LocalStack;
let browser: Browser;
let origin: string;
useStackAndBrowser({ env: { CHECK_REPORT_FAILURES_PER_REFERENCE_PER_DAY: String(PER_REFERENCE) } }, (env) => {
  ({ stack, browser, origin } = env);
});

/** A speeding report to the parish, sent through the form over HTTP, with an email address. */
async function sentReport(): Promise<FormSession> {
  const session = await new FormSession(origin).begin("/speeding", "/speeding/questions/danger");
  await session.walk([
    ["/speeding/questions/danger", { danger: "no" }],
    ["/speeding/questions/road-type", { "road-type": "residential" }],
    ["/speeding/questions/outcome", { outcome: "speedwatch" }],
    ["/speeding/location", { postcode: parish.postcode }],
    ["/speeding/details", { description: "Cars speed past the school every morning." }],
    ["/speeding/contact", { name: "Robin Checker", email: EMAIL }],
  ]);
  await session.get("/speeding/check-answers");
  expect((await session.post("/speeding/check-answers", {})).status).toBe(303);
  return session;
}

const activeId = (page: Page) => page.evaluate("document.activeElement && document.activeElement.id");
const activeClass = (page: Page) =>
  page.evaluate("document.activeElement && document.activeElement.className");

async function fillAndCheck(page: Page, reference: string, answer: string): Promise<number | undefined> {
  await page.getByLabel("Report reference").fill(reference);
  await page.getByLabel("The email address or postcode you gave").fill(answer);
  return press(page, "Check report");
}

describe("check your report in a browser", () => {
  journey("from the confirmation page to the report's status", (step) => {
    let opened: Awaited<ReturnType<typeof openPage>>;
    let page: Page;
    let reference = "";
    beforeAll(async () => {
      opened = await openPageAt(browser, await sentReport(), "/speeding/confirmation");
      page = opened.page;
    });
    afterAll(() => opened?.close());

    step("the confirmation page says who has it, how soon, and how to check on it", async () => {
      reference = (await page.locator(".govuk-panel__body strong").innerText()).trim();
      const text = (await page.locator("main").innerText()).replace(/\s+/g, " ");
      expect(text).toContain(`${parish.parishName}`);
      expect(text).toMatch(/usually responds to reports within 15 working days/);
      expect(text).toContain(
        `You will need your reference, ${reference}, and the email address or postcode you gave.`,
      );
      await expectAccessible(page, "the confirmation page");
      await screenshot(page, "check-report-confirmation");
      await Promise.all([
        page.waitForNavigation({ waitUntil: "load" }),
        page.getByRole("link", { name: "check your report", exact: true }).click(),
      ]);
      expect(where(page)).toBe("/check-your-report");
    });

    step("the form, then its error summary, focused, with links to each field", async () => {
      expect(await page.title()).toBe(`Check your report – ${COUNCIL}`);
      expect(await page.locator('meta[name="robots"]').getAttribute("content")).toBe("noindex, nofollow");
      await expectAccessible(page, "the check your report form");
      expect(await press(page, "Check report")).toBe(400);
      expect(await page.title()).toBe(`Error: Check your report – ${COUNCIL}`);
      const summary = page.locator(".govuk-error-summary");
      await expect.poll(() => activeClass(page)).toContain("govuk-error-summary");
      expect(
        await summary.locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href"))),
      ).toEqual(["#reference", "#answer"]);
      await expectAccessible(page, "the form's error summary");
      await page.getByLabel("Report reference").fill("SPD-NOT-A-REF");
      await page.getByLabel("The email address or postcode you gave").fill(EMAIL);
      expect(await press(page, "Check report")).toBe(400);
      expect(await page.locator("#reference-error").innerText()).toContain(
        "Enter a reference in the correct format",
      );
      expect(await page.getByLabel("The email address or postcode you gave").inputValue()).toBe(EMAIL);
    });

    step("a wrong postcode gets the one refusal, as an error summary", async () => {
      expect(await fillAndCheck(page, reference, "ZX9 9ZZ")).toBe(404);
      expect(where(page)).toBe("/check-your-report");
      expect(await page.locator(".govuk-error-summary").innerText()).toContain(NOT_FOUND);
      await expectAccessible(page, "the not-found refusal");
      await screenshot(page, "check-report-not-found");
    });

    step("an email address, right or wrong, gets the same 'we have emailed' page", async () => {
      const pages: string[] = [];
      for (const answer of [EMAIL, "neighbour@example.com"]) {
        await page.goto(`${origin}/check-your-report`);
        expect(await fillAndCheck(page, reference, answer)).toBe(200);
        expect(where(page)).toBe("/check-your-report");
        pages.push((await page.locator("main").innerText()).replace(/\s+/g, " "));
      }
      expect(pages[0]).toContain(
        `If that is the email address given with report ${reference}, we have emailed its current status to it. It may take a few minutes.`,
      );
      expect(pages[1]).toBe(pages[0]);
      expect(pages[0]).not.toContain("Open");
      expect(await page.title()).toBe(`Check your email – ${COUNCIL}`);
      await expectAccessible(page, "the 'we have emailed' page");
      await screenshot(page, "check-report-emailed");
    });

    step("with a keyboard alone, the right answer shows the status and nothing personal", async () => {
      await page.goto(`${origin}/check-your-report`);
      await page.getByLabel("Report reference").focus();
      await page.keyboard.type(reference.toLowerCase().replaceAll("-", " "));
      await page.keyboard.press("Tab");
      expect(await activeId(page)).toBe("answer");
      await page.keyboard.type(parish.postcode.toLowerCase().replace(" ", ""));
      await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
      // A POST's answer: nothing typed is in the address.
      expect(where(page)).toBe("/check-your-report");
      expect(await page.locator("h1").innerText()).toBe("Your report");
      const text = (await page.locator("main").innerText()).replace(/\s+/g, " ");
      expect(text).toContain(reference);
      expect(text).toContain("Report speeding traffic");
      expect(text).toContain(parish.parishName);
      expect(text).toContain("Open");
      for (const secret of ["Robin", EMAIL, "Cars speed past", parish.postcode])
        expect(text).not.toContain(secret);
      await expectAccessible(page, "the result");
      await screenshot(page, "check-report-result");
    });

    step("too many wrong answers for a reference: the 429 page", async () => {
      await page.goto(`${origin}/check-your-report`);
      // The wrong postcode and the two addresses above were the day's first three (an address's
      // attempt is never given back, right or wrong): one more is taken, the next refused.
      expect(await fillAndCheck(page, reference, "ZX9 1ZZ")).toBe(404);
      expect(await fillAndCheck(page, reference, "ZX9 2ZZ")).toBe(429);
      expect(await page.title()).toBe(`Too many attempts – ${COUNCIL}`);
      expect(await page.locator("main").innerText()).toMatch(/Try again in \d+ (hours?|minutes?|seconds?)\./);
      await expectAccessible(page, "too many attempts");
      await screenshot(page, "check-report-too-many");
    });
  });

  journey("without JavaScript", (step) => {
    let opened: Awaited<ReturnType<typeof openPage>>;
    let page: Page;
    let reference = "";
    beforeAll(async () => {
      const session = await sentReport();
      reference = /<strong>([A-Z]+-[0-9A-Z]{4}-[0-9A-Z]{4})<\/strong>/.exec(
        (await session.get("/speeding/confirmation")).body,
      )?.[1] as string;
      opened = await openPage(browser, origin, { javaScriptEnabled: false });
      page = opened.page;
    });
    afterAll(() => opened?.close());

    step("finds the report from the home page's link, as plain HTML", async () => {
      await page.goto(origin);
      await Promise.all([
        page.waitForNavigation({ waitUntil: "load" }),
        page.getByRole("main").getByRole("link", { name: "Check your report" }).click(),
      ]);
      expect(await page.locator("body").getAttribute("class")).not.toContain("js-enabled");
      expect(await press(page, "Check report")).toBe(400);
      await expectAccessible(page, "the error summary without JavaScript");
      expect(await fillAndCheck(page, reference, parish.postcode.toLowerCase())).toBe(200);
      expect(await page.locator("h1").innerText()).toBe("Your report");
      expect(await page.locator("main").innerText()).toContain(reference);
      await expectAccessible(page, "the result without JavaScript");
    });
  });

  void stack;
});

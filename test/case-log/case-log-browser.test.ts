import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_STAFF_USERS } from "../../functions/local/identity-provider.js";
import { type LocalStack, startLocalStack } from "../../functions/local/local-stack.js";
import { expectAccessible, launchBrowser, openPage, type Traffic } from "../helpers/browser.js";

// The case log in Chromium on the local stack: sign in, filter, open a case, act on it, export
// and sign out, with axe on every page and no request leaving the origin.

let stack: LocalStack;
let browser: Browser;
let origin: string;
beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startLocalStack({ queue: { visibilityTimeoutMs: 200 } }),
    launchBrowser(),
  ]);
  origin = stack.urls.api;
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function report(postcode: string, description: string): Promise<string> {
  const response = await fetch(`${origin}/api/reports`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      service: "speeding",
      answers: { danger: "no", "road-type": "residential", outcome: "speedwatch" },
      location: { postcode },
      description,
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { reference: string }).reference;
}

function expectCleanTraffic(traffic: Traffic) {
  expect(traffic.foreign).toEqual([]);
  expect(traffic.failedAssets).toEqual([]);
  expect(traffic.cspViolations).toEqual([]);
}

async function submit(page: Page, formId: string) {
  await Promise.all([page.waitForURL(/\/staff\//), page.locator(`#${formId} button`).click()]);
}

describe("the case log in a browser", () => {
  it("signs in, filters, opens a case, acts on it, exports and signs out", async () => {
    const reference = await report("ZX2 1FD", "Lorries race down the lane <at night>.");
    const { page, traffic, close } = await openPage(browser, origin);
    try {
      await page.goto(`${origin}/staff/cases`);
      expect(new URL(page.url()).pathname).toBe("/staff/sign-in");
      await expectAccessible(page, "sign-in");

      await page.getByLabel("Email address").fill("wrong@example.org");
      await page.getByLabel("Password").fill("nope");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
      await expectAccessible(page, "sign-in with an error");

      const demo = DEMO_STAFF_USERS[0];
      await page.getByLabel("Email address").fill(demo?.email ?? "");
      await page.getByLabel("Password").fill(demo?.password ?? "");
      await Promise.all([
        page.waitForURL(/\/staff\/cases$/),
        page.getByRole("button", { name: "Sign in" }).click(),
      ]);
      expect(await page.locator("#cases").textContent()).toContain(reference);
      await expectAccessible(page, "case list");

      await page.getByLabel("Status").selectOption("new");
      await Promise.all([
        page.waitForURL(/status=new/),
        page.getByRole("button", { name: "Filter" }).click(),
      ]);
      expect(await page.locator("#cases").textContent()).toContain(reference);

      await Promise.all([
        page.waitForURL(new RegExp(reference)),
        page.getByRole("link", { name: reference }).click(),
      ]);
      expect(await page.locator("#description").textContent()).toBe("Lorries race down the lane <at night>.");
      expect(await page.locator("#case-map svg path").count()).toBe(1);
      expect(await page.locator("#case-map svg circle").count()).toBe(1);
      await expectAccessible(page, "case page");

      await page.getByLabel("In progress").check();
      await page.getByLabel("Reason for the change").fill("Passed to the speedwatch team");
      await submit(page, "change-status");
      expect(await page.locator("#timeline").textContent()).toContain("Passed to the speedwatch team");

      await page.getByLabel("Add an internal note").fill("Rang the parish clerk");
      await submit(page, "add-note");
      expect(await page.locator("#timeline").textContent()).toContain("Rang the parish clerk");

      await page.getByLabel("Re-route to another council").selectOption({ label: "Exampleshire Vale" });
      await submit(page, "reroute");
      expect(await page.locator("#timeline").textContent()).toContain("Re-routed by staff");
      await expectAccessible(page, "case page after actions");

      await page.goto(`${origin}/staff/cases`);
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Download these cases (CSV)" }).click(),
      ]);
      expect(download.suggestedFilename()).toBe("cases.csv");

      await Promise.all([page.waitForURL(/sign-in/), page.getByRole("button", { name: "Sign out" }).click()]);
      await page.goto(`${origin}/staff/cases`);
      expect(new URL(page.url()).pathname).toBe("/staff/sign-in");
      expectCleanTraffic(traffic);
    } finally {
      await close();
    }
  });
});

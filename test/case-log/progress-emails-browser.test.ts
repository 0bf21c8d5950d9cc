import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_STAFF_USERS } from "../../functions/local/identity-provider.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { expectAccessible, openPage, useStackAndBrowser } from "../helpers/browser.js";
import { aReport, postReport } from "../helpers/builders.js";

// "Stop progress emails" on the case page in Chromium, with axe: the button while the resident
// gets them, its success banner and timeline entry, and the status form's words after it.

let stack: LocalStack;
let browser: Browser;
let origin: string;
useStackAndBrowser({ queue: { visibilityTimeoutMs: 200 } }, (env) => {
  ({ stack, browser, origin } = env);
});

describe("stopping progress emails in a browser", () => {
  let page: Page;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ page, close } = await openPage(browser, origin));
  });
  afterAll(() => close?.());

  it("stops them when the resident asks, accessibly", async () => {
    const response = await postReport(
      origin,
      aReport({
        reporter: { name: "Sam", email: "sam@example.net", shareWithParish: false, wantsUpdates: true },
      }),
    );
    expect(response.status).toBe(201);
    const { reference } = (await response.json()) as { reference: string };

    const staff = DEMO_STAFF_USERS[0];
    await page.goto(`${origin}/staff/cases/${reference}`);
    await page.getByLabel("Email address").fill(staff?.email ?? "");
    await page.getByLabel("Password").fill(staff?.password ?? "");
    await Promise.all([
      page.waitForURL(new RegExp(`/staff/cases/${reference}$`)),
      page.getByRole("button", { name: "Sign in" }).click(),
    ]);
    expect(await page.locator("#emailResident-item-hint").textContent()).toContain(
      "use “Stop progress emails”",
    );
    await expectAccessible(page, "case whose resident gets progress emails");

    await Promise.all([
      page.waitForURL(new RegExp(`/staff/cases/${reference}\\?done=progress-emails-stopped$`)),
      page.getByRole("button", { name: "Stop progress emails" }).click(),
    ]);
    expect(await page.locator(".govuk-notification-banner--success").textContent()).toContain(
      "Progress emails stopped",
    );
    expect(await page.locator("#timeline").textContent()).toContain(
      "Progress emails stopped at the resident's request",
    );
    expect(await page.locator("#email-resident-not-asked").textContent()).toContain(
      "Progress emails to the resident have stopped",
    );
    expect(await page.getByRole("button", { name: "Stop progress emails" }).count()).toBe(0);
    expect((await stack.app.caseStore.get(reference))?.progressEmailsStoppedAt).toBeDefined();
    await expectAccessible(page, "case after stopping progress emails");
  });
});

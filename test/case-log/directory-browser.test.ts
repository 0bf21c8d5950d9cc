import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_STAFF_USERS } from "../../functions/local/identity-provider.js";
import { expectAccessible, openPage, screenshot, useStackAndBrowser } from "../helpers/browser.js";
import { demoParishes } from "../helpers/demo-data.js";

// The clerk directory in Chromium, with axe: the list, a parish with an error summary, an override
// set, the list after it, the removal's confirmation, and the list once every parish is looked up.

let browser: Browser;
let origin: string;
useStackAndBrowser({ env: { MODERNGOV_MIN_INTERVAL_MS: "0" } }, (env) => {
  ({ browser, origin } = env);
});

const ASHCOMBE = "E04999001";

describe("the clerk directory in a browser", () => {
  let page: Page;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ page, close } = await openPage(browser, origin));
  });
  afterAll(() => close?.());

  const click = async (name: string, url: RegExp) => {
    await Promise.all([page.waitForURL(url), page.getByRole("button", { name, exact: true }).click()]);
  };

  it("lists the parishes, shows errors and sets and removes an override, accessibly", async () => {
    const staff = DEMO_STAFF_USERS[0];
    await page.goto(`${origin}/staff/directory`);
    await page.getByLabel("Email address").fill(staff?.email ?? "");
    await page.getByLabel("Password").fill(staff?.password ?? "");
    await click("Sign in", /\/staff\/directory$/);
    expect(await page.locator("#directory tbody tr").count()).toBeGreaterThan(5);
    await expectAccessible(page, "clerk directory");
    await screenshot(page, "directory-list");

    await Promise.all([
      page.waitForURL(new RegExp(`/staff/directory/${ASHCOMBE}$`)),
      page.locator(`#parish-${ASHCOMBE} a`).first().click(),
    ]);
    await click("Refresh now", /done=refreshed/);
    expect(await page.locator(".govuk-notification-banner").textContent()).toContain(
      "Looked up in Modern.Gov again",
    );
    await expectAccessible(page, "parish after a refresh");

    await page.getByLabel(/email address/).fill("not an address");
    await page.getByRole("button", { name: "Save override" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
    expect(await page.locator(".govuk-error-summary").textContent()).toContain(
      "Enter an email address in the correct format",
    );
    await expectAccessible(page, "parish with an error summary");
    await screenshot(page, "directory-parish-errors");

    await page.getByLabel(/email address/).fill("new.clerk@ashcombe.example.org");
    await page.getByLabel(/Why are you setting/).fill("The clerk emailed their new address");
    await click("Save override", /done=set/);
    expect(await page.locator(".govuk-notification-banner").textContent()).toContain("Override saved");
    expect(await page.locator("#history").textContent()).toContain("The clerk emailed their new address");
    await expectAccessible(page, "parish after setting an override");
    await screenshot(page, "directory-parish-override");

    await page.goto(`${origin}/staff/directory`);
    expect(await page.locator(`#parish-${ASHCOMBE}`).textContent()).toContain("Override set by staff");
    await expectAccessible(page, "clerk directory with an override");

    await page.goto(`${origin}/staff/directory/${ASHCOMBE}/remove`);
    await expectAccessible(page, "remove the override");
    await page.getByLabel(/Why are you removing/).fill("Modern.Gov is right again");
    await click("Remove override", /done=removed/);
    expect(await page.locator("#history").textContent()).toContain("Modern.Gov is right again");
  }, 90_000);

  it("lists every parish accessibly once each has been looked up, problem tags and all", async () => {
    for (const parish of demoParishes()) {
      await page.goto(`${origin}/staff/directory/${parish.code}`);
      await click("Refresh now", /done=refreshed/);
    }
    await page.goto(`${origin}/staff/directory`);
    const rows = page.locator("#directory tbody tr");
    expect(await rows.count()).toBe(demoParishes().length);
    expect(await page.locator("#directory").textContent()).not.toContain("Never looked up");
    // Problems of several kinds (no email, no match, from the demo Modern.Gov) as tags in the table.
    const tags = await page.locator("#directory .govuk-tag").allTextContents();
    expect(tags.map((t) => t.trim())).toEqual(expect.arrayContaining(["No email address", "No match"]));
    expect(await page.locator("#needs-attention li").count()).toBeGreaterThan(0);
    await expectAccessible(page, "clerk directory with every parish looked up");
    await screenshot(page, "directory-list-refreshed");
  }, 90_000);
});

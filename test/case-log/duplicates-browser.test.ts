import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Case } from "#core/case/case.js";
import { createMarkPossibleDuplicates } from "#core/use-cases/possible-duplicates.js";
import { DEMO_STAFF_USERS } from "../../functions/local/identity-provider.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { expectAccessible, openPage, useStackAndBrowser } from "../helpers/browser.js";
import { aReport, postReport } from "../helpers/builders.js";
import { oneCouncil } from "../helpers/councils.js";

// Possible duplicates on the case page in Chromium, with axe: the marks, unlinking a pair, and
// linking by reference with its error message.

let stack: LocalStack;
let browser: Browser;
let origin: string;
useStackAndBrowser({ queue: { visibilityTimeoutMs: 200 } }, (env) => {
  ({ stack, browser, origin } = env);
});

async function report(description: string): Promise<string> {
  const response = await postReport(origin, aReport({ location: { postcode: "ZX2 1FD" }, description }));
  expect(response.status).toBe(201);
  return ((await response.json()) as { reference: string }).reference;
}

describe("possible duplicates in a browser", () => {
  let page: Page;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ page, close } = await openPage(browser, origin));
  });
  afterAll(() => close?.());

  it("shows the marks to staff, unlinks a pair and links a case by reference, accessibly", async () => {
    const first = await report("Lorries race down the lane.");
    const second = await report("Lorries again, same lane.");
    const mark = createMarkPossibleDuplicates({
      caseStore: stack.app.caseStore,
      clock: { now: () => new Date() },
      councils: oneCouncil,
    });
    expect(await mark((await stack.app.caseStore.get(second)) as Case)).toEqual([first]);

    const staff = DEMO_STAFF_USERS[0];
    await page.goto(`${origin}/staff/cases/${second}`);
    await page.getByLabel("Email address").fill(staff?.email ?? "");
    await page.getByLabel("Password").fill(staff?.password ?? "");
    await Promise.all([
      page.waitForURL(new RegExp(`/staff/cases/${second}$`)),
      page.getByRole("button", { name: "Sign in" }).click(),
    ]);
    const section = page.locator("#possible-duplicates");
    expect(await section.textContent()).toContain(`Possible duplicate of ${first}`);
    await expectAccessible(page, "case with a possible duplicate");

    await Promise.all([
      page.waitForURL(new RegExp(`/staff/cases/${second}\\?done=unlinked$`)),
      page.getByRole("button", { name: `Not a duplicate of ${first}` }).click(),
    ]);
    expect(await page.locator(".govuk-notification-banner--success").textContent()).toContain(
      "Cases unlinked",
    );
    expect(await section.textContent()).not.toContain(`Possible duplicate of ${first}`);
    expect((await stack.app.caseStore.get(first))?.possibleDuplicates).toEqual([]);

    await page.getByLabel("Link as a duplicate of another case").fill("SPD-NOPE");
    await page.getByRole("button", { name: "Link case" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
    await expectAccessible(page, "link with an error");

    await page.getByLabel("Link as a duplicate of another case").fill(first);
    await Promise.all([
      page.waitForURL(new RegExp(`/staff/cases/${second}\\?done=linked$`)),
      page.getByRole("button", { name: "Link case" }).click(),
    ]);
    expect(await section.textContent()).toContain(`Possible duplicate of ${first}`);
    expect((await stack.app.caseStore.get(first))?.possibleDuplicates).toEqual([second]);
  }, 60_000);
});

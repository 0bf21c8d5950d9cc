import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_STAFF_USERS } from "../../functions/local/identity-provider.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { expectAccessible, openPage, type Traffic, useStackAndBrowser } from "../helpers/browser.js";
import { ASHCOMBE, aClientCase, HOSTILE_PHOTO, PHOTO, SIGNPOST } from "../helpers/client-data-case.js";

// A case an Open311 client sent with extras and a signpost its app could not show, on the case
// page in Chromium on the local stack, with axe: the warning and the section are there and
// accessible, the hostile codes, values and URLs stay text (no script runs, no dialog opens), the
// photos are links only (nothing is fetched from the client's site), and the list tags the case.

let stack: LocalStack;
let browser: Browser;
let origin: string;
useStackAndBrowser({ queue: { visibilityTimeoutMs: 200 } }, (env) => {
  ({ stack, browser, origin } = env);
});

const AT_DISTRICT = "SPD-AAAA-AAA4";
const AT_PARISH = "SPD-AAAA-AAB2";

async function signIn(page: Page, path: string, user = DEMO_STAFF_USERS[0]) {
  await page.goto(`${origin}${path}`);
  await page.getByLabel("Email address").fill(user?.email ?? "");
  await page.getByLabel("Password").fill(user?.password ?? "");
  await Promise.all([
    page.waitForURL(new RegExp(`${path}$`)),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
}

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers) await close();
});

/** Opens a case page after signing in, noting any dialog a live script would open. */
async function openCase(reference: string, user = DEMO_STAFF_USERS[0]) {
  const opened = await openPage(browser, origin);
  const dialogs: string[] = [];
  opened.page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  closers.push(opened.close);
  await signIn(opened.page, `/staff/cases/${reference}`, user);
  return { ...opened, dialogs };
}

function expectNothingForeign(traffic: Traffic) {
  expect(traffic.foreign).toEqual([]);
  expect(traffic.cspViolations).toEqual([]);
}

describe("what an Open311 client sent, on the case page in a browser", () => {
  beforeAll(async () => {
    await stack.app.caseStore.create(
      aClientCase({ reference: AT_DISTRICT, createdAt: new Date().toISOString() }),
      [],
    );
    await stack.app.caseStore.create(
      aClientCase({ reference: AT_PARISH, destination: ASHCOMBE, createdAt: new Date().toISOString() }),
      [],
    );
  });
  it("shows staff the signpost and the section, accessibly, with the hostile text inert", async () => {
    const { page, traffic, dialogs } = await openCase(AT_DISTRICT);
    expect(await page.locator("#signpost").textContent()).toContain(
      `The resident's app could not show them this before they sent the report: ${SIGNPOST.title}.`,
    );
    const section = page.locator("#from-client");
    expect(await section.getByRole("heading", { name: "Also sent by the client" }).count()).toBe(1);
    expect(await section.locator("dt", { hasText: "<script>alert('code')</script>" }).count()).toBe(1);
    expect(await section.locator("dd", { hasText: `"><img src=x onerror=alert('value')>` }).count()).toBe(1);
    expect(await section.locator("script, img, iframe, object, embed").count()).toBe(0);

    const links = section.locator("a");
    expect(await links.evaluateAll((all) => all.map((a) => (a as unknown as { href: string }).href))).toEqual(
      [PHOTO, new URL(HOSTILE_PHOTO).href],
    );
    expect(await links.first().getAttribute("rel")).toBe("noreferrer noopener nofollow");
    expect(await links.first().textContent()).toBe(
      "Photo 1 (opens the client's copy on www.fixmystreet.com)",
    );

    await expectAccessible(page, "case with a signpost and client data");
    expect(dialogs).toEqual([]);
    expectNothingForeign(traffic);
  }, 60_000);

  it("tags the case in the list, accessibly", async () => {
    const { page } = await openCase(AT_DISTRICT);
    await page.goto(`${origin}/staff/cases`);
    const row = page.locator("#cases tr", { hasText: AT_DISTRICT });
    expect(await row.locator(".govuk-tag", { hasText: "Signposted" }).count()).toBe(1);
    await expectAccessible(page, "case list with a signposted case");
  }, 60_000);

  it("shows a parish clerk the section without the resident's details, accessibly", async () => {
    const { page, dialogs } = await openCase(AT_PARISH, DEMO_STAFF_USERS[1]);
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain("fixmystreet_id");
    expect(text).toContain("4 items were left out");
    expect(text).not.toContain("Quill");
    await expectAccessible(page, "case with client data, for a clerk");
    expect(dialogs).toEqual([]);
  }, 60_000);
});

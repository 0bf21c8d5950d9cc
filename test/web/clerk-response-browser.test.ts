import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { createHmacLinkSigner } from "#adapters/links/hmac-link-signer.js";
import { fixedKeyRing } from "#adapters/links/key-ring.js";
import type { Case } from "#core/case/case.js";
import { newReference } from "#core/case/reference.js";
import type { ClerkAction } from "#core/links/clerk-link.js";
import type { LinkSigner } from "#core/ports/link-signer.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import {
  expectAccessible,
  openPage,
  press,
  screenshot,
  type Traffic,
  useStackAndBrowser,
} from "../helpers/browser.js";
import { aStoredCase } from "../helpers/builders.js";

// A clerk's one-click links in Chromium on the local stack: every state of the page (the choice,
// the error summary, done, and each refusal) with axe, by keyboard alone, and without JavaScript.

let stack: LocalStack;
let browser: Browser;
let origin: string;
useStackAndBrowser({ queue: { visibilityTimeoutMs: 200 } }, (env) => {
  ({ stack, browser, origin } = env);
});

/** Links signed with the stack's own key ring (its local Secrets Manager secret). */
let signer: LinkSigner;
beforeAll(() => {
  signer = createHmacLinkSigner(fixedKeyRing(stack.linkKeys.ring()));
});

const ASHCOMBE = { kind: "parish" as const, code: "E04999001", name: "Ashcombe" };

async function aParishCase(overrides: Partial<Case> = {}): Promise<string> {
  const reference = newReference("SPD", (max) => Math.floor(Math.random() * max));
  await stack.app.caseStore.create(
    aStoredCase(reference, {
      destination: ASHCOMBE,
      routing: { ruleId: "r", requested: "parish", area: ASHCOMBE, reason: "test" },
      delivery: "sent",
      ...overrides,
    }),
    [],
  );
  return reference;
}

const link = async (s: LinkSigner, reference: string, action: ClerkAction, expiresIn = 86_400) =>
  `${origin}/respond/${await s.sign({
    reference,
    action,
    destination: ASHCOMBE.code,
    expiresAt: Math.floor(Date.now() / 1000) + expiresIn,
    linkId: randomUUID(),
  })}`;

function expectCleanTraffic(traffic: Traffic) {
  expect(traffic.foreign).toEqual([]);
  expect(traffic.failedAssets).toEqual([]);
  expect(traffic.cspViolations).toEqual([]);
}

const heading = (page: Page) => page.locator("h1").innerText();
/** What has the keyboard focus: its id, or its class when it has none. */
const focused = (page: Page) =>
  page.evaluate("document.activeElement && (document.activeElement.id || document.activeElement.className)");
const buttonFocused = (page: Page) =>
  page.evaluate("document.activeElement && document.activeElement.tagName === 'BUTTON'");

/** Opens a link as a clerk from their email, checks the page with axe, and answers its status. */
async function visit(page: Page, url: string, label: string): Promise<number | undefined> {
  const response = await page.goto(url);
  await expectAccessible(page, label);
  return response?.status();
}

const PAGE_MS = 120_000;

describe("a clerk's one-click link pages", () => {
  it("received: the choice, then done, then 'already used'", { timeout: PAGE_MS }, async () => {
    const s = signer;
    const reference = await aParishCase();
    const { page, traffic, close } = await openPage(browser, origin);
    try {
      const url = await link(s, reference, "received");
      expect(await visit(page, url, "received: the choice")).toBe(200);
      expect(await heading(page)).toBe(
        "Tell Exampleshire Vale District Council you have received this report",
      );
      await screenshot(page, "clerk-response-received");
      expect(await press(page, "Confirm we have received it")).toBe(200);
      expect(await page.locator(".govuk-panel__title").innerText()).toBe("Report marked as received");
      await expectAccessible(page, "received: done");
      expect(await visit(page, url, "received: used")).toBe(409);
      expect(await heading(page)).toBe("This link has already been used");
      expectCleanTraffic(traffic);
    } finally {
      await close();
    }
  });

  it("not for us: the error summary, then done, by keyboard alone", { timeout: PAGE_MS }, async () => {
    const s = signer;
    const reference = await aParishCase();
    const { page, traffic, close } = await openPage(browser, origin);
    try {
      await visit(page, await link(s, reference, "not-for-us"), "not for us: the choice");
      // Keyboard only: Tab to the button without a reason and press Enter.
      for (let i = 0; i < 40 && !(await buttonFocused(page)); i++) await page.keyboard.press("Tab");
      await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
      expect(await page.title()).toMatch(/^Error: /);
      const summary = page.locator(".govuk-error-summary");
      await expect.poll(() => focused(page)).toContain("govuk-error-summary");
      expect(await summary.innerText()).toContain("Enter why this report is not for your council");
      await expectAccessible(page, "not for us: error summary");
      await screenshot(page, "clerk-response-error");
      // The summary's link takes the focus to the field; then Tab to the button and Enter.
      await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
      await expect.poll(() => focused(page)).toBe("reason");
      await page.keyboard.type("The lane is looked after by the county.");
      await page.keyboard.press("Tab");
      await expect.poll(() => buttonFocused(page)).toBe(true);
      await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
      expect(await page.locator(".govuk-panel__title").innerText()).toBe(
        "Report sent back to Exampleshire Vale District Council",
      );
      await expectAccessible(page, "not for us: done");
      expect((await stack.app.caseStore.get(reference))?.destination.code).toBe(stack.config.DISTRICT_CODE);
      expectCleanTraffic(traffic);
    } finally {
      await close();
    }
  });

  it("in progress without JavaScript", { timeout: PAGE_MS }, async () => {
    const s = signer;
    const reference = await aParishCase();
    const { page, close } = await openPage(browser, origin, { javaScriptEnabled: false });
    try {
      await visit(page, await link(s, reference, "in-progress"), "in progress, no JavaScript: the choice");
      expect(await heading(page)).toBe("Mark this report as in progress");
      expect(await press(page, "Mark as in progress")).toBe(200);
      await expectAccessible(page, "in progress, no JavaScript: done");
      expect((await stack.app.caseStore.get(reference))?.status).toBe("in-progress");
      await visit(page, await link(s, reference, "in-progress"), "already in progress");
      expect(await heading(page)).toBe("This report is already in progress");
    } finally {
      await close();
    }
  });

  it("each refusal is its own accessible page", { timeout: PAGE_MS }, async () => {
    const s = signer;
    const moved = await aParishCase({
      destination: { kind: "district", code: "E07999999", name: "Exampleshire Vale" },
    });
    const closed = await aParishCase({ status: "closed" });
    const open = await aParishCase();
    const { page, traffic, close } = await openPage(browser, origin);
    try {
      const cases: Array<[string, string, number]> = [
        [await link(s, moved, "received"), "This report is no longer with Ashcombe Parish Council", 409],
        [await link(s, closed, "received"), "This report is closed", 409],
        [await link(s, closed, "not-for-us"), "This report is closed", 409],
        [await link(s, open, "received", -60), "This link has expired", 410],
        [`${origin}/respond/not-a-link`, "This link does not work", 404],
      ];
      for (const [url, title, status] of cases) {
        expect(await visit(page, url, title), title).toBe(status);
        expect(await heading(page)).toBe(title);
      }
      expectCleanTraffic(traffic);
    } finally {
      await close();
    }
  });
});

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_OPEN311_API_KEY } from "../../functions/config/open311-demo-key.js";
import { DEMO_STAFF_USERS } from "../../functions/local/identity-provider.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { totpCode } from "../../functions/local/totp.js";
import { expectAccessible, openPage, type Traffic, useStackAndBrowser } from "../helpers/browser.js";
import { aReport, postReport } from "../helpers/builders.js";
import { journey } from "../helpers/steps.js";

// The case log in Chromium on the local stack: sign in, filter, open a case, act on it, export
// and sign out, with axe on every page and no request leaving the origin.

let stack: LocalStack;
let browser: Browser;
let origin: string;
const NEW_STARTER = {
  email: "new.starter@exampleshire-vale.example.org",
  password: "Temporary-pass-42",
  groups: ["staff"],
  mustChangePassword: true,
};
const MFA_TO_SET_UP = {
  email: "new.officer@exampleshire-vale.example.org",
  password: "Officer-password-42",
  groups: ["staff"],
  mustSetUpMfa: true,
};
const MFA_CLERK = {
  email: "mfa.clerk@ashcombe.example.org",
  password: "Clerk-password-42",
  groups: ["clerk"],
  parish: "E04999001",
  totpSecret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
};

useStackAndBrowser(
  {
    queue: { visibilityTimeoutMs: 200 },
    staffUsers: [...DEMO_STAFF_USERS, NEW_STARTER, MFA_CLERK, MFA_TO_SET_UP],
  },
  (env) => {
    ({ stack, browser, origin } = env);
  },
);

async function report(postcode: string, description: string): Promise<string> {
  const response = await postReport(origin, aReport({ location: { postcode }, description }));
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
  journey("signs in, filters, opens a case, acts on it, exports and signs out", (step) => {
    let page: Page;
    let opened: Awaited<ReturnType<typeof openPage>>;
    let reference = "";
    let received: Intl.DateTimeFormatPart[] = [];
    const part = (type: string) => received.find((p) => p.type === type)?.value ?? "";
    // One signed-out page for the journey's steps.
    beforeAll(async () => {
      opened = await openPage(browser, origin);
      page = opened.page;
    });
    afterAll(() => opened?.close());

    step("sends a signed-out visitor to sign in, and says when the details are wrong", async () => {
      reference = await report("ZX2 1FD", "Lorries race down the lane <at night>.");
      await page.goto(`${origin}/staff/cases`);
      expect(new URL(page.url()).pathname).toBe("/staff/sign-in");
      await expectAccessible(page, "sign-in");

      await page.getByLabel("Email address").fill("wrong@example.org");
      await page.getByLabel("Password").fill("nope");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
      await expectAccessible(page, "sign-in with an error");
    });

    step("signs in and lists the new case", async () => {
      const demo = DEMO_STAFF_USERS[0];
      await page.getByLabel("Email address").fill(demo?.email ?? "");
      await page.getByLabel("Password").fill(demo?.password ?? "");
      await Promise.all([
        page.waitForURL(/\/staff\/cases$/),
        page.getByRole("button", { name: "Sign in" }).click(),
      ]);
      expect(await page.locator("#cases").textContent()).toContain(reference);
      await expectAccessible(page, "case list");
    });

    step("filters by status, recipient, service and date received", async () => {
      await page.getByLabel("Status").selectOption("new");
      await Promise.all([
        page.waitForURL(/status=new/),
        page.getByRole("button", { name: "Filter" }).click(),
      ]);
      expect(await page.locator("#cases").textContent()).toContain(reference);

      // Where it went, which service, and received from the day it was received (London time): the
      // case's own date, not the clock's, which may have passed midnight since.
      const stored = await stack.app.caseStore.get(reference);
      if (!stored) throw new Error(`${reference} is not in the store`);
      await page.getByLabel("Sent to").selectOption({ label: stored.destination.name });
      await page.locator("#service").selectOption({ label: "Report speeding traffic" });
      received = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London" }).formatToParts(
        new Date(stored.createdAt),
      );
      await page.locator("#from-day").fill(part("day"));
      await page.locator("#from-month").fill(part("month"));
      await page.locator("#from-year").fill(part("year"));
      await Promise.all([page.waitForURL(/from-day=/), page.getByRole("button", { name: "Filter" }).click()]);
      expect(await page.locator("#cases").textContent()).toContain(reference);
      expect(await page.locator("main").textContent()).toContain(
        "Cases by status (received in the dates chosen)",
      );
      await expectAccessible(page, "case list filtered");
    });

    step("links an error summary to a date that does not exist", async () => {
      // A date that does not exist gets the GOV.UK error summary, linked to the field.
      await page.locator("#to-day").fill("31");
      await page.locator("#to-month").fill("2");
      await page.locator("#to-year").fill(part("year"));
      await Promise.all([page.waitForURL(/to-day=31/), page.getByRole("button", { name: "Filter" }).click()]);
      expect(await page.locator(".govuk-error-summary").textContent()).toContain(
        "Received to must be a real date",
      );
      await expectAccessible(page, "case list with a date error");
      await page.locator("#to-day").fill("");
      await page.locator("#to-month").fill("");
      await page.locator("#to-year").fill("");
      await Promise.all([
        page.waitForURL(/status=new/),
        page.getByRole("button", { name: "Filter" }).click(),
      ]);
    });

    step("opens the case with its map", async () => {
      await Promise.all([
        page.waitForURL(new RegExp(reference)),
        page.getByRole("link", { name: reference }).click(),
      ]);
      expect(await page.locator("#description").textContent()).toBe("Lorries race down the lane <at night>.");
      expect(await page.locator("#case-map svg[role=img]").count()).toBe(1);
      expect(await page.locator("#case-map-words").textContent()).toMatch(/^Reported point in /);
      await expectAccessible(page, "case page");
    });

    step("changes the status and adds a note, each with a success banner", async () => {
      // The first "In progress" is the case's; the public's sits in what choosing it reveals.
      await page.getByLabel("In progress", { exact: true }).first().check();
      await page.getByLabel("Reason for the change").fill("Passed to the speedwatch team");
      await page.getByLabel("Update for the public (optional)").fill("x".repeat(2001));
      await submit(page, "change-status");
      expect(await page.locator(".govuk-error-summary").textContent()).toContain("2000 characters or fewer");
      await expectAccessible(page, "case page with an error in the public update");

      await page
        .getByLabel("Update for the public (optional)")
        .fill("The speedwatch team will visit <soon>.");
      await page.getByLabel("Action scheduled").check();
      await submit(page, "change-status");
      // Back on the case with the GOV.UK success banner, which says what changed.
      expect(new URL(page.url()).search).toBe("?done=status");
      const banner = page.locator(".govuk-notification-banner--success");
      expect(await banner.getAttribute("role")).toBe("alert");
      expect(await banner.textContent()).toContain("Status changed to In progress");
      await expectAccessible(page, "case page with a success banner");
      const told = "Told the public “Action scheduled”: The speedwatch team will visit <soon>.";
      expect(await page.locator("#timeline").textContent()).toContain("Passed to the speedwatch team");
      expect(await page.locator("#timeline").textContent()).toContain(told);
      // FixMyStreet's poll (the last day, by default) finds it.
      const polled = await fetch(
        `${stack.urls.api}/open311/v2/servicerequestupdates.xml?api_key=${DEMO_OPEN311_API_KEY}`,
      ).then((r) => r.text());
      expect(polled).toContain(`<service_request_id>${reference}</service_request_id>`);
      expect(polled).toContain("<status>ACTION_SCHEDULED</status>");
      expect(polled).toContain("The speedwatch team will visit &lt;soon&gt;.");

      await page.getByLabel("Add an internal note").fill("Rang the parish clerk");
      await submit(page, "add-note");
      expect(await page.locator("#timeline").textContent()).toContain("Rang the parish clerk");

      expect(await page.locator(".govuk-notification-banner--success").textContent()).toContain("Note added");
    });

    step("re-routes the case through a confirmation page that asks why", async () => {
      await page.getByLabel("Re-route to another council").selectOption(stack.config.DISTRICT_CODE);
      await submit(page, "reroute");
      // The confirmation page: nothing has changed yet.
      expect(new URL(page.url()).pathname).toBe(`/staff/cases/${reference}/reroute`);
      expect(await page.locator("h1").textContent()).toContain("Re-route this case to");
      expect(await page.locator("#reroute-effects").textContent()).toContain("The report is emailed again");
      expect((await stack.app.caseStore.get(reference))?.destination.kind).toBe("parish");
      await expectAccessible(page, "re-route confirmation");

      await page.getByRole("button", { name: "Re-route case" }).click();
      await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
      expect(await page.locator(".govuk-error-summary").textContent()).toContain(
        "Enter why you are re-routing the case",
      );
      await expectAccessible(page, "re-route confirmation with an error");

      await page.getByLabel("Why are you re-routing it?").fill("The lane is the district's <road>");
      await Promise.all([
        page.waitForURL(/\?done=rerouted$/),
        page.getByRole("button", { name: "Re-route case" }).click(),
      ]);
      expect(await page.locator(".govuk-notification-banner--success").textContent()).toContain(
        "Case re-routed to",
      );
      expect(await page.locator("#timeline").textContent()).toContain("The lane is the district's <road>");
      expect(await page.locator("#why").textContent()).toContain(
        "Re-routed by staff: The lane is the district's <road>",
      );
      await expectAccessible(page, "case page after actions");
    });

    step("exports the listed cases as CSV", async () => {
      await page.goto(`${origin}/staff/cases`);
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Download these cases (CSV)" }).click(),
      ]);
      expect(download.suggestedFilename()).toBe("cases.csv");
    });

    step("signs out, and the case list asks for sign-in again", async () => {
      await Promise.all([page.waitForURL(/sign-in/), page.getByRole("button", { name: "Sign out" }).click()]);
      expect(await page.locator(".govuk-notification-banner").textContent()).toContain("You have signed out");
      await page.goto(`${origin}/staff/cases`);
      expect(new URL(page.url()).pathname).toBe("/staff/sign-in");
      expectCleanTraffic(opened.traffic);
    });
  });

  journey(
    "a new account sets its own password; a clerk with MFA enters a code and sees only their parish",
    (step) => {
      let page: Page;
      let opened: Awaited<ReturnType<typeof openPage>>;
      // One signed-out page for the journey's steps.
      beforeAll(async () => {
        opened = await openPage(browser, origin);
        page = opened.page;
      });
      afterAll(() => opened?.close());

      step("a new account sets its own password, then signs out", async () => {
        await page.goto(`${origin}/staff/sign-in`);
        await page.getByLabel("Email address").fill(NEW_STARTER.email);
        await page.getByLabel("Password").fill(NEW_STARTER.password);
        await Promise.all([
          page.waitForURL(/new-password/),
          page.getByRole("button", { name: "Sign in" }).click(),
        ]);
        await expectAccessible(page, "new password");
        await page.getByLabel("New password", { exact: true }).fill("too-short");
        await page.getByLabel("Confirm new password").fill("too-short");
        await page.getByRole("button", { name: "Save password and sign in" }).click();
        await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
        expect(await page.locator(".govuk-error-summary").textContent()).toContain("at least 14 characters");
        await expectAccessible(page, "new password with an error");
        await page.getByLabel("New password", { exact: true }).fill("A-new-and-long-password-1");
        await page.getByLabel("Confirm new password").fill("A-new-and-long-password-1");
        await Promise.all([
          page.waitForURL(/\/staff\/cases$/),
          page.getByRole("button", { name: "Save password and sign in" }).click(),
        ]);
        await Promise.all([
          page.waitForURL(/sign-in/),
          page.getByRole("button", { name: "Sign out" }).click(),
        ]);
      });

      step("a clerk with MFA enters a code and sees only their parish", async () => {
        await page.getByLabel("Email address").fill(MFA_CLERK.email);
        await page.getByLabel("Password").fill(MFA_CLERK.password);
        await Promise.all([
          page.waitForURL(/sign-in\/code/),
          page.getByRole("button", { name: "Sign in" }).click(),
        ]);
        await expectAccessible(page, "authenticator code");
        await page.getByLabel("Enter the code from your authenticator app").fill("12345");
        await page.getByRole("button", { name: "Continue" }).click();
        await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
        expect(await page.locator(".govuk-error-summary").textContent()).toContain(
          "The code must be 6 numbers",
        );
        await page
          .getByLabel("Enter the code from your authenticator app")
          .fill(totpCode(MFA_CLERK.totpSecret));
        await Promise.all([
          page.waitForURL(/\/staff\/cases$/),
          page.getByRole("button", { name: "Continue" }).click(),
        ]);
        // A clerk has no "Sent to" choice and no district-wide counts.
        expect(await page.locator("#sentTo").count()).toBe(0);
        expect(await page.locator("#status-counts").count()).toBe(0);
        await expectAccessible(page, "clerk's case list");
        expectCleanTraffic(opened.traffic);
      });
    },
  );

  it("sets up an authenticator app at the first sign-in when one is required", async () => {
    const { page, traffic, close } = await openPage(browser, origin);
    try {
      await page.goto(`${origin}/staff/sign-in`);
      await page.getByLabel("Email address").fill(MFA_TO_SET_UP.email);
      await page.getByLabel("Password").fill(MFA_TO_SET_UP.password);
      await Promise.all([
        page.waitForURL(/set-up-app/),
        page.getByRole("button", { name: "Sign in" }).click(),
      ]);
      await expectAccessible(page, "set up an authenticator app");
      const secret = ((await page.locator("#secret-key").textContent()) ?? "").replace(/\s+/g, "");
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      await page.getByLabel("Enter the 6-digit code the app shows").fill("000000");
      await page.getByRole("button", { name: "Continue" }).click();
      await expect.poll(() => page.locator(".govuk-error-summary").count()).toBe(1);
      // The same key is shown again, so the app already set up still works.
      expect(((await page.locator("#secret-key").textContent()) ?? "").replace(/\s+/g, "")).toBe(secret);
      await expectAccessible(page, "set up an authenticator app with an error");
      await page.getByLabel("Enter the 6-digit code the app shows").fill(totpCode(secret));
      await Promise.all([
        page.waitForURL(/\/staff\/cases$/),
        page.getByRole("button", { name: "Continue" }).click(),
      ]);
      expectCleanTraffic(traffic);
    } finally {
      await close();
    }
  });
});

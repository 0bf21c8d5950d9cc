import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { DEMO_STAFF_USERS } from "../../functions/local/identity-provider.js";
import { demoPlaces, expectAccessible, openPage, useStackAndBrowser } from "../helpers/browser.js";
import { aReport, postReport } from "../helpers/builders.js";
import { journey } from "../helpers/steps.js";

// The case list's search box and its location and description columns in Chromium on the local
// stack, with axe on every state of the page.

let browser: Browser;
let origin: string;
useStackAndBrowser({ queue: { visibilityTimeoutMs: 200 } }, (env) => {
  ({ browser, origin } = env);
});

async function report(body: Parameters<typeof aReport>[0]): Promise<string> {
  const response = await postReport(origin, aReport(body));
  expect(response.status).toBe(201);
  return ((await response.json()) as { reference: string }).reference;
}

async function searchFor(page: Page, text: string) {
  await page.getByLabel("Reference, postcode or road").fill(text);
  await Promise.all([page.waitForURL(/[?&]q=/), page.getByRole("button", { name: "Search" }).click()]);
}

const rowOf = (page: Page, reference: string) => page.locator("#cases tr", { hasText: reference });

describe("searching the case list in a browser", () => {
  journey("lists cases with where and what, and finds them by place and by reference", (step) => {
    const place = demoPlaces().parish;
    const sector = place.postcode.slice(0, -2).toLowerCase();
    let page: Page;
    let close: () => Promise<void>;
    let onRoad = "";
    let atPoint = "";
    beforeAll(async () => {
      ({ page, close } = await openPage(browser, origin));
    });
    afterAll(() => close?.());

    step("shows each case's location and the start of its description", async () => {
      onRoad = await report({
        location: { postcode: place.postcode },
        roadName: "Mill Lane",
        description:
          "Vans <b>race</b> past the primary school every weekday morning, well over the limit, and the crossing is busy.",
      });
      atPoint = await report({ location: { lat: place.lat, lng: place.lng }, description: "Cars race." });
      await page.goto(`${origin}/staff/sign-in`);
      await page.getByLabel("Email address").fill(DEMO_STAFF_USERS[0]?.email ?? "");
      await page.getByLabel("Password").fill(DEMO_STAFF_USERS[0]?.password ?? "");
      await Promise.all([
        page.waitForURL(/\/staff\/cases$/),
        page.getByRole("button", { name: "Sign in" }).click(),
      ]);
      const road = await rowOf(page, onRoad).textContent();
      expect(road).toContain(`Mill Lane, ${place.postcode}`);
      expect(road).toContain(
        "Vans <b>race</b> past the primary school every weekday morning, well over the…",
      );
      expect(await rowOf(page, atPoint).textContent()).toMatch(
        new RegExp(`Near ${place.lat.toFixed(4)}, ${place.lng.toFixed(4)} \\(${place.parishName}\\)`),
      );
      expect(await page.getByRole("link", { name: onRoad }).getAttribute("class")).toContain("app-nowrap");
      await expectAccessible(page, "case list with location and description");
    });

    step("narrows the list to a postcode sector, then a road", async () => {
      await searchFor(page, sector);
      const listed = await page.locator("#cases").textContent();
      expect(listed).toContain(onRoad);
      expect(listed).not.toContain(atPoint);
      expect(await page.locator("#cases caption").textContent()).toContain(`Matching “${sector}”`);
      await expectAccessible(page, "case list searched by postcode");

      await searchFor(page, "MILL lane");
      expect(await page.locator("#cases").textContent()).toContain(onRoad);
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Download these cases (CSV)" }).click(),
      ]);
      expect(download.suggestedFilename()).toBe("cases-search-mill-lane.csv");
    });

    step("says what is wrong with a mistyped reference, linked to the box", async () => {
      const typo = `${onRoad.slice(0, -1)}${onRoad.endsWith("2") ? "3" : "2"}`;
      await searchFor(page, typo);
      const summary = page.locator(".govuk-error-summary");
      expect(await summary.textContent()).toContain(`${typo} is not a case reference`);
      expect(await summary.getByRole("link").getAttribute("href")).toBe("#q");
      await expectAccessible(page, "case list with a search error");
    });

    step("opens a case from its reference typed loosely", async () => {
      await page.getByLabel("Reference, postcode or road").fill(onRoad.replace(/-/g, " ").toLowerCase());
      await Promise.all([
        page.waitForURL(new RegExp(`/staff/cases/${onRoad}$`)),
        page.getByRole("button", { name: "Search" }).click(),
      ]);
      expect(await page.locator("h1").textContent()).toContain(onRoad);
    });
  });
});

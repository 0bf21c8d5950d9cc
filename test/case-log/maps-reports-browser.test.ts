import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { DEMO_STAFF_USERS } from "../../functions/local/identity-provider.js";
import {
  expectAccessible,
  openPage,
  screenshot,
  type Traffic,
  useStackAndBrowser,
} from "../helpers/browser.js";
import { aReport, postReport } from "../helpers/builders.js";
import { demoPostcodes } from "../helpers/demo-data.js";
import { journey } from "../helpers/steps.js";

// The pictures in Chromium on the local stack, with axe: the district map under the case list, a
// case page's map and the Reports page. Everything is drawn by the server: nothing leaves the
// origin and the Content Security Policy is not broken.

let browser: Browser;
let origin: string;
useStackAndBrowser({ queue: { visibilityTimeoutMs: 200 } }, (env) => {
  ({ browser, origin } = env);
});

function expectCleanTraffic(traffic: Traffic) {
  expect(traffic.foreign).toEqual([]);
  expect(traffic.failedAssets).toEqual([]);
  expect(traffic.cspViolations).toEqual([]);
}

describe("maps and reports in a browser", () => {
  journey("shows the district map, a case's map and the Reports page", (step) => {
    let page: Page;
    let opened: Awaited<ReturnType<typeof openPage>>;
    const references: string[] = [];
    beforeAll(async () => {
      opened = await openPage(browser, origin);
      page = opened.page;
    });
    afterAll(() => opened?.close());

    step("sends three reports from different places and signs in", async () => {
      const places = demoPostcodes().filter((p) => p.expected !== "outside");
      for (const place of [places[0], places[3], places[6]]) {
        const response = await postReport(origin, aReport({ location: { postcode: place?.postcode ?? "" } }));
        expect(response.status).toBe(201);
        references.push(((await response.json()) as { reference: string }).reference);
      }
      await page.goto(`${origin}/staff/cases`);
      const staff = DEMO_STAFF_USERS[0];
      await page.getByLabel("Email address").fill(staff?.email ?? "");
      await page.getByLabel("Password").fill(staff?.password ?? "");
      await Promise.all([
        page.waitForURL(/\/staff\/cases$/),
        page.getByRole("button", { name: "Sign in" }).click(),
      ]);
    });

    step("puts the search box first, in the first screenful, and the list before the map", async () => {
      const top = async (selector: string) => (await page.locator(selector).boundingBox())?.y ?? NaN;
      const search = page.getByRole("searchbox", { name: "Reference, postcode or road" });
      const box = await search.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y + box!.height).toBeLessThanOrEqual(page.viewportSize()!.height);
      expect(await top("#cases")).toBeGreaterThan(box!.y);
      expect(await top("#district-map")).toBeGreaterThan(await top("#cases"));
    });

    step("draws the cases on the district map under the list, with a key and a table", async () => {
      const map = page.locator("#district-map svg");
      await expect.poll(() => map.count()).toBe(1);
      expect(await map.getAttribute("role")).toBe("img");
      expect(await page.locator("#district-map svg g.cases > *").count()).toBe(3);
      expect(await page.locator("#district-map svg text").count()).toBeGreaterThan(5);
      expect(await page.locator("#district-map-summary").textContent()).toContain(
        "Showing all 3 cases that match.",
      );
      expect(await page.locator("#district-map-legend").textContent()).toMatch(
        /New[\s\S]*In progress[\s\S]*Closed/,
      );
      await page.locator("#cases-by-parish summary").click();
      expect(await page.locator("#cases-by-parish table").isVisible()).toBe(true);
      await screenshot(page, "district-map");
      await expectAccessible(page, "case list with the district map");
      expectCleanTraffic(opened.traffic);
    });

    step("draws a case's area, its neighbours, a scale and links to OpenStreetMap", async () => {
      await page.goto(`${origin}/staff/cases/${references[1]}`);
      const svg = page.locator("#case-map svg");
      expect(await svg.getAttribute("role")).toBe("img");
      expect(await page.locator("#case-map svg path").count()).toBeGreaterThan(2);
      expect(await page.locator("#case-map svg .scale-bar text").textContent()).toMatch(/^\d+(\.\d)? k?m$/);
      expect(await page.locator("#case-map-words").textContent()).toMatch(/^Reported point in /);
      const osm = page.getByRole("link", { name: "Open in OpenStreetMap (another website)" });
      expect(await osm.getAttribute("href")).toMatch(
        /^https:\/\/www\.openstreetmap\.org\/\?mlat=[-\d.]+&mlon=[-\d.]+#map=17\//,
      );
      await screenshot(page, "case-map");
      await expectAccessible(page, "case page with its map");
      expectCleanTraffic(opened.traffic);
    });

    step("shows the Reports page: four charts, each with its table", async () => {
      await page.getByRole("link", { name: "Reports" }).click();
      await page.waitForURL(/\/staff\/reports$/);
      expect(await page.locator("svg.report-chart[role=img]").count()).toBe(4);
      for (const id of ["destination", "service", "parish", "waits"]) {
        expect(await page.locator(`#table-${id}`).count()).toBe(1);
      }
      expect(await page.locator("#reports-summary").textContent()).toMatch(/^3 reports received from /);
      // The median waits are of no case yet: the words say the three are all still waiting.
      expect(await page.locator("#waiting-words li").allTextContents()).toEqual([
        "3 cases received in these dates have had no action yet: the oldest was received less than a day ago.",
        "3 cases received in these dates are not closed: the oldest was received less than a day ago.",
      ]);
      await screenshot(page, "reports");
      await expectAccessible(page, "Reports page");

      // A date that does not exist gets the GOV.UK error summary.
      await page.locator("#from-day").fill("31");
      await page.locator("#from-month").fill("2");
      await Promise.all([
        page.waitForURL(/from-day=31/),
        page.getByRole("button", { name: "Show reports" }).click(),
      ]);
      expect(await page.locator(".govuk-error-summary").textContent()).toContain(
        "Received from must be a real date",
      );
      await expectAccessible(page, "Reports page with a date error");
      expectCleanTraffic(opened.traffic);
    });
  });
});

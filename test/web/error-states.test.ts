import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  choose,
  demoPlaces,
  expectAccessible,
  FormSession,
  openPage,
  openPageAt,
  press,
  screenshot,
  where,
  useStackAndBrowser,
} from "../helpers/browser.js";

// Every validation error of the form, in Chromium with JavaScript on: GOV.UK error summary linking
// to the field (and focusing it), inline message, "Error: " title, 400, values kept, axe clean.

const COUNCIL = "Exampleshire Vale District Council";
const SPEEDING = "Report speeding traffic";
const FURNITURE = "Report a problem with a bench, bus shelter or noticeboard";
const { parish, outward } = demoPlaces();

let browser: Browser;
let origin: string;
useStackAndBrowser({}, (env) => {
  ({ browser, origin } = env);
});

interface ErrorState {
  /** Page title without the "Error: " prefix and the service and council suffix. */
  title: string;
  service?: string;
  status?: number;
  /** The fields in error, in the order the summary lists them. */
  errors: Array<{ field: string; message: string }>;
  /** Values the resident typed, which must still be in the fields. */
  kept?: Record<string, string>;
}

const text = (s: string | null) => (s ?? "").replace(/\s+/g, " ").trim();
const activeId = (page: Page) => page.evaluate("document.activeElement && document.activeElement.id");
const activeClass = (page: Page) =>
  page.evaluate("document.activeElement && document.activeElement.className");

/**
 * Everything GOV.UK asks of an error page, checked on the page as it is. Soft expectations, so one
 * run lists everything wrong with every error state a test walks through.
 */
async function expectErrorState(page: Page, status: number | undefined, state: ErrorState) {
  const service = state.service ?? SPEEDING;
  expect.soft(status).toBe(state.status ?? 400);
  expect.soft(await page.title()).toBe(`Error: ${state.title} – ${service} – ${COUNCIL}`);

  const summary = page.locator(".govuk-error-summary");
  expect.soft(await summary.count()).toBe(1);
  expect
    .soft(text(await summary.locator(".govuk-error-summary__title").textContent()))
    .toBe("There is a problem");
  // govuk-frontend moves focus to the summary so screen readers announce it.
  expect.soft(String(await activeClass(page))).toContain("govuk-error-summary");
  const links = summary.locator(".govuk-error-summary__list a");
  expect.soft((await links.allTextContents()).map(text)).toEqual(state.errors.map((e) => e.message));

  for (const [i, { field, message }] of state.errors.entries()) {
    const link = links.nth(i);
    expect.soft(await link.getAttribute("href")).toBe(`#${field}`);
    expect.soft(await page.locator(`#${field}`).count()).toBe(1);
    await link.click();
    expect.soft(await activeId(page)).toBe(field);
    const inline = page.locator(`#${field}-error`);
    expect.soft(text(await inline.textContent())).toBe(`Error: ${message}`);
    expect.soft(await page.locator(`[aria-describedby~="${field}-error"]`).count()).toBe(1);
  }
  for (const [field, value] of Object.entries(state.kept ?? {})) {
    expect.soft(await page.locator(`#${field}`).inputValue()).toBe(value);
  }
  await expectAccessible(
    page,
    `the error state of "${state.title}" (${state.errors.map((e) => e.field).join(", ")})`,
  );
}

async function startSpeeding(page: Page) {
  await page.goto(`${origin}/speeding`);
  await press(page, "Start now");
}

const TO_LOCATION: Array<[string, Record<string, string>]> = [
  ["/speeding/questions/danger", { danger: "no" }],
  ["/speeding/questions/road-type", { "road-type": "residential" }],
  ["/speeding/questions/outcome", { outcome: "speedwatch" }],
];
const TO_DETAILS = [
  ...TO_LOCATION,
  ["/speeding/location", { postcode: parish.postcode }],
] as typeof TO_LOCATION;
const TO_CONTACT = [...TO_DETAILS, ["/speeding/details", { description: "Speeding." }]] as typeof TO_LOCATION;

/** A browser page at `path`, the pages before it answered over HTTP (the browser walk is elsewhere). */
async function openAt(path: string, steps: typeof TO_LOCATION, options: BrowserContextOptions = {}) {
  const session = await new FormSession(origin).begin("/speeding", "/speeding/questions/danger");
  await session.walk(steps);
  const opened = await openPageAt(browser, session, path, options);
  expect(where(opened.page)).toBe(path);
  return opened;
}

describe("error states of the question pages", () => {
  it("asks again, with the service's own message, when no answer is chosen (speeding)", async () => {
    const { page, close } = await openPage(browser, origin);
    await startSpeeding(page);
    const questions = [
      ["Is anyone in immediate danger?", "danger", "Select yes if anyone is in immediate danger", "No"],
      [
        "What kind of road is it?",
        "road-type",
        "Select the kind of road",
        "A residential street or village road",
      ],
      [
        "What would you like to happen?",
        "outcome",
        "Select what you would like to happen",
        "Join or start a Community Speedwatch group",
      ],
    ] as const;
    for (const [title, field, message, answer] of questions) {
      expect(where(page)).toBe(`/speeding/questions/${field}`);
      const status = await press(page, "Continue");
      await expectErrorState(page, status, { title, errors: [{ field, message }] });
      expect(await choose(page, answer)).toBe(200);
    }
    expect(where(page)).toBe("/speeding/location");
    await close();
  });

  it("asks again when no answer is chosen (street furniture)", async () => {
    const { page, close } = await openPage(browser, origin);
    await page.goto(`${origin}/street-furniture`);
    await press(page, "Start now");
    const questions = [
      [
        "Is it causing immediate danger to anyone?",
        "danger",
        "Select yes if it is causing immediate danger",
        "No",
      ],
      ["What is the problem with?", "item", "Select what the problem is with", "A bus shelter"],
      ["Who looks after it?", "owner", "Select who looks after it, or I'm not sure", "I'm not sure"],
    ] as const;
    for (const [title, field, message, answer] of questions) {
      expect(where(page)).toBe(`/street-furniture/questions/${field}`);
      const status = await press(page, "Continue");
      await expectErrorState(page, status, { title, service: FURNITURE, errors: [{ field, message }] });
      expect(await choose(page, answer)).toBe(200);
    }
    expect(where(page)).toBe("/street-furniture/location");
    await close();
  });
});

describe("error states of the location pages", () => {
  const cases = [
    ["nothing is entered", "", "Enter a postcode"],
    ["it is not a postcode", "12345", "Enter a real postcode, like ZX2 1FD"],
    ["it is far too long", "ZX2 1FD ZX2 1FD ZX2", "Enter a real postcode, like ZX2 1FD"],
    ["the postcode is unknown", "zx2 1zz", "We could not find ZX2 1ZZ. Check the postcode is correct"],
    ["no postcode starts with it", "ZX77", "We could not find any postcodes starting ZX77"],
  ] as const;
  it(`shows an error when ${cases.map(([when]) => when).join(", or ")}`, async () => {
    const { page, close } = await openAt("/speeding/location", TO_LOCATION);
    for (const [, typed, message] of cases) {
      await page.getByLabel("Postcode").fill(typed);
      const status = await press(page, "Continue");
      // As the resident first sees it: the summary has focus.
      if (typed === "12345") await screenshot(page, "speeding-14-error-location");
      await expectErrorState(page, status, {
        title: "Where is the problem?",
        errors: [{ field: "postcode", message }],
        kept: { postcode: typed.trim() },
      });
      // A postcode unknown in one of the district's sectors offers that sector's postcodes.
      const offer = page.getByRole("link", { name: "choose the nearest from the postcodes starting ZX2 1" });
      expect(await offer.count()).toBe(typed === "zx2 1zz" ? 1 : 0);
    }
    await close();
  });

  it("shows an error when the browser gives no usable coordinates", async () => {
    const { page, close } = await openAt("/speeding/location", TO_LOCATION, {
      geolocation: { latitude: parish.lat, longitude: parish.lng },
      permissions: ["geolocation"],
    });
    // What a broken or hostile client might send instead of numbers.
    await page.evaluate(
      `document.querySelector('[data-module="use-my-location"] [name="lat"]').value = "north"`,
    );
    const status = await press(page, "Use my current location");
    await expectErrorState(page, status, {
      title: "Where is the problem?",
      errors: [{ field: "postcode", message: "We could not get your location. Enter a postcode instead" }],
      kept: { postcode: "" },
    });
    await close();
  });

  it("asks the resident to select one of several matching postcodes", async () => {
    const { page, close } = await openAt("/speeding/location", TO_LOCATION);
    await page.getByLabel("Postcode").fill(outward(parish));
    await press(page, "Continue");
    expect(where(page)).toBe(`/speeding/location/choose?q=${outward(parish)}`);
    const status = await press(page, "Continue");
    await expectErrorState(page, status, {
      title: "Select the postcode",
      errors: [{ field: "postcode", message: "Select your postcode" }],
    });
    await close();
  });
});

describe("error states of the details page", () => {
  const cases = [
    [
      "the description is empty",
      { description: "", when: "Every evening", roadName: "Mill Lane" },
      [{ field: "description", message: "Enter a description of the speeding" }],
    ],
    [
      "the description is too long",
      { description: "x".repeat(4001), when: "", roadName: "" },
      [{ field: "description", message: "Description must be 4000 characters or fewer" }],
    ],
    [
      "the road name has markup and 'when' is too long",
      { description: `Cars & vans "racing" <fast>`, when: "w".repeat(201), roadName: "<b>Mill Lane</b>" },
      [
        { field: "roadName", message: "Road name must not contain < or >" },
        { field: "when", message: "When must be 200 characters or fewer" },
      ],
    ],
  ] as const;
  it(`shows errors when ${cases.map(([when]) => when).join(", or ")}, keeping what was typed`, async () => {
    const { page, close } = await openAt("/speeding/details", TO_DETAILS);
    for (const [, values, errors] of cases) {
      await page.getByLabel("Describe the speeding").fill(values.description);
      await page.getByLabel("When does it happen? (optional)").fill(values.when);
      await page.getByLabel("Which road is it? (optional)").fill(values.roadName);
      const status = await press(page, "Continue");
      // The summary lists errors in the order of the fields on the page.
      const order = ["description", "when", "roadName"];
      await expectErrorState(page, status, {
        title: "Describe the speeding",
        errors: [...errors].sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field)),
        kept: values,
      });
    }
    await close();
  });
});

describe("error states of the contact page", () => {
  it("shows every wrong contact detail at once, keeping what was typed", async () => {
    const { page, close } = await openAt("/speeding/contact", TO_CONTACT);
    const values = { name: "<script>Sam</script>", email: "sam@", phone: "12" };
    await page.getByLabel("Full name").fill(values.name);
    await page.getByLabel("Email address").fill(values.email);
    await page.getByLabel("Telephone number").fill(values.phone);
    await page.getByLabel(`Share my contact details with ${parish.parishName} Parish Council`).check();
    const status = await press(page, "Continue");
    await expectErrorState(page, status, {
      title: "Your contact details (optional)",
      errors: [
        {
          field: "name",
          message: "Name can only contain letters, spaces, hyphens, apostrophes and full stops",
        },
        { field: "email", message: "Enter an email address in the correct format, like name@example.com" },
        { field: "phone", message: "Enter a telephone number, like 01632 960 001 or +44 808 157 0192" },
      ],
      kept: values,
    });
    expect(
      await page.getByLabel(`Share my contact details with ${parish.parishName} Parish Council`).isChecked(),
    ).toBe(true);

    // Corrected, the journey goes on to check answers.
    await page.getByLabel("Full name").fill("Sam");
    await page.getByLabel("Email address").fill("sam@example.com");
    await page.getByLabel("Telephone number").fill("");
    expect(await press(page, "Continue")).toBe(200);
    expect(where(page)).toBe("/speeding/check-answers");
    await close();
  });
});

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { AxeBuilder } from "@axe-core/playwright";
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import {
  type LocalStack,
  type LocalStackOptions,
  startLocalStack,
} from "../../functions/local/local-stack.js";
import { demoClerks, demoParishes, demoPostcodes, type DemoPostcode } from "./demo-data.js";
import { withUnmetLimits } from "./unmet-limits.js";

// ---------------------------------------------------------------------------------------------
// Browser: Debian's Chromium driven by playwright-core (no Playwright browser download).
// ---------------------------------------------------------------------------------------------

export const CHROMIUM_PATH = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** Playwright's wait for any one action or navigation (its own default is 30 s; ours was 5 s). */
export const BROWSER_ACTION_TIMEOUT_MS = 30_000;

export interface StackAndBrowser {
  stack: LocalStack;
  browser: Browser;
  /** The local gateway's origin, where the pages are. */
  origin: string;
}

/**
 * Starts the local stack and Chromium together before a file's tests and stops both after (either
 * one, if the other failed to start). `ready` receives them once both are up.
 */
export function useStackAndBrowser(options: LocalStackOptions, ready: (env: StackAndBrowser) => void): void {
  let started: Partial<StackAndBrowser> = {};
  beforeAll(async () => {
    const [stack, browser] = await Promise.allSettled([
      startLocalStack(withUnmetLimits(options)),
      launchBrowser(),
    ]);
    started = {
      ...(stack.status === "fulfilled" ? { stack: stack.value } : {}),
      ...(browser.status === "fulfilled" ? { browser: browser.value } : {}),
    };
    if (stack.status === "rejected") throw stack.reason;
    if (browser.status === "rejected") throw browser.reason;
    ready({ stack: stack.value, browser: browser.value, origin: stack.value.urls.api });
  });
  afterAll(async () => {
    await started.browser?.close();
    await started.stack?.close();
  });
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** One context per browser and set of options: pages share its HTTP cache (CSS, fonts, scripts). */
const contexts = new WeakMap<Browser, Map<string, Promise<BrowserContext>>>();

function sharedContext(browser: Browser, options: BrowserContextOptions): Promise<BrowserContext> {
  let byOptions = contexts.get(browser);
  if (!byOptions) contexts.set(browser, (byOptions = new Map()));
  const key = JSON.stringify(options);
  let context = byOptions.get(key);
  if (!context) {
    context = browser.newContext(options).then((created) => {
      // Well inside the browser tier's test timeout, so a stuck step still fails saying where;
      // long enough that a page load on a busy 2-core machine is not mistaken for one.
      created.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
      return created;
    });
    byOptions.set(key, context);
  }
  return context;
}

/**
 * A fresh page with no cookies (so a new resident) in a context from `browser.newContext()` (axe
 * needs that), with a record of every request that left for another origin and every asset that
 * did not load. The context is shared by the pages of a test file that ask for the same options.
 */
export async function openPage(browser: Browser, origin: string, options: BrowserContextOptions = {}) {
  const context = await sharedContext(browser, options);
  await context.clearCookies();
  const page = await context.newPage();
  if (options.javaScriptEnabled === false) scriptless.set(page, {});
  const traffic = watchTraffic(page, origin);
  return { context, page, traffic, close: () => page.close() };
}

/**
 * A page that continues a journey already walked over HTTP (see FormSession), so a test can start
 * at the page it is about instead of clicking its way there again.
 */
export async function openPageAt(
  browser: Browser,
  session: FormSession,
  path: string,
  options: BrowserContextOptions = {},
) {
  const opened = await openPage(browser, session.base, options);
  if (session.cookie) {
    const [name, value] = session.cookie.split("=") as [string, string];
    await opened.context.addCookies([{ name, value, url: session.base }]);
  }
  await opened.page.goto(new URL(path, session.base).href);
  return opened;
}

export interface Traffic {
  /** Requests to any origin other than the local stack's (data: URLs aside). */
  foreign: string[];
  /** Responses with a 4xx/5xx status for anything but the documents themselves. */
  failedAssets: string[];
  /** Paths of the assets (CSS, scripts, fonts, images) that loaded with 200. */
  loaded: string[];
  /** Console messages about Content Security Policy violations. */
  cspViolations: string[];
}

export function watchTraffic(page: Page, origin: string): Traffic {
  const traffic: Traffic = { foreign: [], failedAssets: [], loaded: [], cspViolations: [] };
  page.on("request", (request) => {
    const url = request.url();
    if (url.startsWith("data:")) return;
    if (new URL(url).origin !== origin) traffic.foreign.push(url);
  });
  page.on("response", (response) => {
    if (response.request().resourceType() === "document") return;
    if (response.status() >= 400) traffic.failedAssets.push(`${response.status()} ${response.url()}`);
    if (response.status() === 200) traffic.loaded.push(new URL(response.url()).pathname);
  });
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) traffic.cspViolations.push(message.text());
  });
  return traffic;
}

// ---------------------------------------------------------------------------------------------
// Accessibility: axe-core with the WCAG 2.0, 2.1 and 2.2 A/AA rules.
// ---------------------------------------------------------------------------------------------

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Pages opened with JavaScript off (axe cannot run inside them), each with its scratch page. */
const scriptless = new WeakMap<Page, { scratch?: Page }>();

/**
 * Each violation as readable lines: rule, impact, help, and the elements it found. axe is a script,
 * so for a page with JavaScript off it checks a copy of that page's DOM (scripts removed, same
 * origin, so the same CSS and fonts) in a scratch page, in a context that allows scripts.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const scriptlessPage = scriptless.get(page);
  if (!scriptlessPage) return axeReport(page);
  if (!scriptlessPage.scratch) {
    const browser = page.context().browser();
    if (!browser) throw new Error("page has no browser");
    const context = await browser.newContext();
    // Closed with the page it copies. Not awaited by anyone, so it may still be pending when the
    // browser itself closes, which rejects it: the context is gone either way, so that is fine.
    page.on("close", () => void context.close().catch(() => undefined));
    scriptlessPage.scratch = await context.newPage();
    await scriptlessPage.scratch.goto(new URL("/cookies", page.url()).href);
  }
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
  await scriptlessPage.scratch.setContent(html, { waitUntil: "load" });
  return axeReport(scriptlessPage.scratch);
}

async function axeReport(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(WCAG_TAGS)
    // Only violations are reported on; skipping the rest makes each run faster.
    .options({ resultTypes: ["violations"] })
    // These pages have no frames, so the single-frame ("legacy") run checks the same things, in
    // less than half the time: it does not open a blank page to merge per-frame results.
    .setLegacyMode(true)
    .analyze();
  return results.violations.map((v) =>
    [
      `${v.id} (${v.impact ?? "no impact"}): ${v.help}`,
      ...v.nodes.map((n) => `    at ${n.target.join(" ")}: ${n.failureSummary?.replace(/\s+/g, " ") ?? ""}`),
      `    see ${v.helpUrl}`,
    ].join("\n"),
  );
}

/**
 * Fails the test, listing every violation, unless axe finds none on the page as it is now. The
 * failure is soft, so one run reports the violations of every page of a journey, not only the first.
 */
export async function expectAccessible(page: Page, label = page.url()): Promise<void> {
  const violations = await axeViolations(page);
  const report = `axe found ${violations.length} WCAG violation(s) on ${label}:\n${violations.join("\n")}\n`;
  expect.soft(violations.length, report).toBe(0);
}

// ---------------------------------------------------------------------------------------------
// Screenshots: full-page PNGs for people to look at (test-results/ is git-ignored).
// ---------------------------------------------------------------------------------------------

export const SCREENSHOT_DIR = join(import.meta.dirname, "../../test-results/screenshots");

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

// ---------------------------------------------------------------------------------------------
// Driving GOV.UK pages the way a resident does: by visible labels and button text.
// ---------------------------------------------------------------------------------------------

/** Clicks a button or link-button by its text, waits for the next page, and answers its status. */
export async function press(page: Page, text: string): Promise<number | undefined> {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page.getByRole("button", { name: text, exact: true }).click(),
  ]);
  return response?.status();
}

/** Picks a radio by its label and presses Continue. */
export async function choose(page: Page, label: string): Promise<number | undefined> {
  await page.getByLabel(label, { exact: true }).check();
  return press(page, "Continue");
}

/** Follows a link by its accessible name and waits for the next page. */
export async function follow(page: Page, name: string | RegExp): Promise<void> {
  await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page
      .getByRole("link", { name, exact: typeof name === "string" })
      .first()
      .click(),
  ]);
}

/** The page's path and query, without the origin. */
export function where(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

// ---------------------------------------------------------------------------------------------
// A form session over plain HTTP, for tests that need no browser (CSRF, headers, fuzzing).
// ---------------------------------------------------------------------------------------------

export interface FormResponse {
  status: number;
  location: string | null;
  headers: Headers;
  body: string;
}

/** One resident's cookie jar: keeps the session cookie and the latest CSRF token seen. */
export class FormSession {
  cookie: string | undefined;
  csrf: string | undefined;

  constructor(readonly base: string) {}

  async get(path: string): Promise<FormResponse> {
    return this.send(path, { method: "GET" });
  }

  /** POSTs the fields as a form, adding this session's CSRF token first unless `csrf` is false. */
  async post(
    path: string,
    fields: Record<string, string> | Array<[string, string]> | string,
    options: { csrf?: boolean } = {},
  ): Promise<FormResponse> {
    const params =
      typeof fields === "string"
        ? fields
        : new URLSearchParams(Array.isArray(fields) ? fields : Object.entries(fields)).toString();
    const body =
      options.csrf === false
        ? params
        : [new URLSearchParams({ _csrf: this.csrf ?? "" }).toString(), params].filter(Boolean).join("&");
    return this.send(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
  }

  /** GETs `start` (which creates the session) and `form` (a page with a CSRF token). */
  async begin(start: string, form: string): Promise<this> {
    await this.get(start);
    await this.get(form);
    if (!this.csrf) throw new Error(`${form} has no CSRF token`);
    return this;
  }

  /** POSTs each step in turn, as a resident answering page after page; each must redirect onwards. */
  async walk(steps: Array<[string, Record<string, string>]>): Promise<this> {
    for (const [path, fields] of steps) {
      const response = await this.post(path, fields);
      if (response.status !== 303) {
        throw new Error(`walking the journey: POST ${path} answered ${response.status}, not 303`);
      }
    }
    return this;
  }

  private async send(path: string, init: RequestInit): Promise<FormResponse> {
    const response = await fetch(new URL(path, this.base), {
      ...init,
      redirect: "manual",
      headers: {
        ...(init.headers as Record<string, string>),
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
    });
    for (const set of response.headers.getSetCookie()) {
      const [pair] = set.split(";");
      if (pair?.startsWith("signpost_session=")) this.cookie = pair;
    }
    const body = await response.text();
    const token = /name="_csrf" value="([^"]*)"/.exec(body)?.[1];
    if (token) this.csrf = token;
    return {
      status: response.status,
      location: response.headers.get("location"),
      headers: response.headers,
      body,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Demo places, picked from the committed demo data by what they should route to.
// ---------------------------------------------------------------------------------------------

export interface ParishPlace extends DemoPostcode {
  parishName: string;
  clerkEmail: string;
}

const loose = (s: string) =>
  s
    .toLowerCase()
    .replace(/\b(st|saint)\b/g, "saint")
    .replace(/&/g, "and")
    .replace(/[^a-z]/g, "");

/**
 * A postcode in a parish whose clerk is fully listed with an email (so the report goes there), an
 * unparished one, one outside the district, and a second parish for "change location".
 */
export function demoPlaces() {
  const postcodes = demoPostcodes();
  const parishes = demoParishes();
  const clerks = demoClerks().parishCouncils;
  const parishPlaces: ParishPlace[] = [];
  for (const p of postcodes) {
    const name = parishes.find((x) => x.code === p.expected)?.name;
    const clerk = name ? clerks.find((c) => loose(c.title).startsWith(loose(name))) : undefined;
    if (name && clerk?.xmlDetail === "full" && clerk.clerk?.email) {
      parishPlaces.push({ ...p, parishName: name, clerkEmail: clerk.clerk.email });
    }
  }
  // The parish whose outward code has the most demo postcodes, so "ZX2" offers a real choice.
  const outward = (p: DemoPostcode) => p.postcode.split(" ")[0] ?? "";
  const sharing = (p: DemoPostcode) => postcodes.filter((x) => outward(x) === outward(p)).length;
  const parish = [...parishPlaces].sort((a, b) => sharing(b) - sharing(a))[0];
  const otherParish = parishPlaces.find((p) => p.expected !== parish?.expected);
  const unparished = postcodes.find((p) => p.expected === "unparished");
  const outside = postcodes.find((p) => p.expected === "outside");
  if (!parish || !otherParish || !unparished || !outside)
    throw new Error("demo data lacks a needed postcode");
  return { parish, otherParish, unparished, outside, postcodes, outward };
}

/** Every item in the table, counted straight from dynalite: "nothing stored" without trusting our store. */
export async function tableItemCount(dynamodbUrl: string, tableName: string): Promise<number> {
  const client = new DynamoDBClient({
    endpoint: dynamodbUrl,
    region: "eu-west-2",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
  });
  try {
    const { Count } = await client.send(new ScanCommand({ TableName: tableName, Select: "COUNT" }));
    return Count ?? 0;
  } finally {
    client.destroy();
  }
}

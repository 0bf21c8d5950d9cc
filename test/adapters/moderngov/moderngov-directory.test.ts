import { readFileSync } from "node:fs";
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModernGovDirectory } from "../../../functions/adapters/moderngov/moderngov-directory.js";
import { UpstreamError } from "../../../functions/core/errors.js";
import type { Directory, ParishRef } from "../../../functions/core/ports/directory.js";
import { clerkDirectoryFileSchema } from "../../../functions/local/clerk-directory-file.js";
import { type ModernGovServer, startModernGovServer } from "../../../functions/local/moderngov-server.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/moderngov/${name}`, import.meta.url), "utf8");

const directory = clerkDirectoryFileSchema.parse({
  parishCouncils: [
    {
      id: 11,
      title: "St Mary & Marsh Parish Council",
      clerk: { name: "Mrs Jane O'Connor", email: "clerk@stmarysandmarsh.example.org", phone: "01632 960123" },
    },
    {
      id: 12,
      title: "Great Wendle Town Council",
      clerk: { name: "Mr David Lloyd", email: "town.clerk@greatwendle.example.org", phone: "01632 960555" },
      xmlDetail: "name-only",
    },
    { id: 13, title: "Little Wendle Parish Meeting", clerk: null },
    { id: 14, title: "Nether Ditton Parish Council", clerk: { name: "Ms Ann Lee" }, xmlDetail: "name-only" },
  ],
});

const parish = (name: string) => ({ code: "E04000001", name });
const contactOf = async (directory: Directory, p: ParishRef) => (await directory.lookUp(p)).contact;

/** A server for one test, on a free port; `close()` also drops open connections. */
async function tinyServer(listener: RequestListener) {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** `fetch` that records the URLs it was asked for. */
function recordingFetch(requested: string[], inner: typeof fetch = fetch): typeof fetch {
  return (input, init) => {
    requested.push(urlOf(input));
    return inner(input, init);
  };
}

async function rejection(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe("ModernGovDirectory against the local Modern.Gov server", () => {
  let server: ModernGovServer;
  beforeAll(async () => {
    // Without the details list, so the web service and the parish pages are what is read here
    // (lookup-chain.test.ts takes each step in turn).
    server = await startModernGovServer({ directory, off: ["details-list"] });
  });
  afterAll(async () => {
    await server.close();
  });

  it("returns the contact from the XML, sourced to the web service URL", async () => {
    const requested: string[] = [];
    const mg = new ModernGovDirectory({
      minIntervalMs: 0,
      retryBaseMs: 1,
      baseUrl: `${server.url}/`,
      fetch: recordingFetch(requested),
    });
    expect(await contactOf(mg, parish("Saint Mary and Marsh"))).toEqual({
      councilName: "St Mary & Marsh Parish Council",
      clerkName: "Mrs Jane O'Connor",
      email: "clerk@stmarysandmarsh.example.org",
      phone: "01632 960123",
      source: `${server.url}/mgWebService.asmx/GetParishCouncils`,
      via: "web-service",
      match: { title: "St Mary & Marsh Parish Council", confidence: 0.95, how: "spelling" },
    });
    expect(requested).toEqual([`${server.url}/mgWebService.asmx/GetParishCouncils`]);
  });

  it("reads the details page when the XML has only the name, sourced to that page", async () => {
    const requested: string[] = [];
    const mg = new ModernGovDirectory({
      minIntervalMs: 0,
      retryBaseMs: 1,
      baseUrl: server.url,
      fetch: recordingFetch(requested),
    });
    expect(await contactOf(mg, parish("Great Wendle"))).toEqual({
      councilName: "Great Wendle Town Council",
      clerkName: "Mr David Lloyd",
      email: "town.clerk@greatwendle.example.org",
      phone: "01632 960555",
      source: `${server.url}/mgParishCouncilDetails.aspx?ID=12`,
      via: "details-page",
      match: { title: "Great Wendle Town Council", confidence: 1, how: "exact" },
    });
    // The list has no email; the index (read first: its addresses are site chrome) gives the page,
    // as the details list is missing.
    expect(requested).toEqual([
      `${server.url}/mgWebService.asmx/GetParishCouncils`,
      `${server.url}/mgParishCouncilDetails.aspx`,
      `${server.url}/mgParishCouncilDetailsList.aspx`,
      `${server.url}/mgParishCouncilDetails.aspx?ID=12`,
    ]);
  });

  it("returns undefined for a listed parish without a contact (clerk: null)", async () => {
    const mg = new ModernGovDirectory({ minIntervalMs: 0, retryBaseMs: 1, baseUrl: server.url });
    expect(await contactOf(mg, parish("Little Wendle"))).toBeUndefined();
  });

  it("returns undefined when neither the XML nor the page has an email", async () => {
    const mg = new ModernGovDirectory({ minIntervalMs: 0, retryBaseMs: 1, baseUrl: server.url });
    expect(await contactOf(mg, parish("Nether Ditton"))).toBeUndefined();
  });

  it("returns undefined for a parish the install does not list, without matching a namesake", async () => {
    const mg = new ModernGovDirectory({ minIntervalMs: 0, retryBaseMs: 1, baseUrl: server.url });
    expect(await contactOf(mg, parish("Middle Wendle"))).toBeUndefined();
    expect(await contactOf(mg, parish("Wendle"))).toBeUndefined();
  });

  it("fetches the list once per TTL and the details page once per TTL", async () => {
    let clock = 1_000_000;
    const requested: string[] = [];
    const mg = new ModernGovDirectory({
      minIntervalMs: 0,
      retryBaseMs: 1,
      baseUrl: server.url,
      fetch: recordingFetch(requested),
      listTtlMs: 60_000,
      now: () => clock,
    });
    await contactOf(mg, parish("St Mary and Marsh"));
    await contactOf(mg, parish("Great Wendle"));
    await contactOf(mg, parish("Great Wendle"));
    expect(requested).toHaveLength(4);
    clock += 60_000;
    await contactOf(mg, parish("Great Wendle"));
    // The missing details list is remembered (for an hour), so it is not asked again.
    expect(requested).toEqual([
      `${server.url}/mgWebService.asmx/GetParishCouncils`,
      `${server.url}/mgParishCouncilDetails.aspx`,
      `${server.url}/mgParishCouncilDetailsList.aspx`,
      `${server.url}/mgParishCouncilDetails.aspx?ID=12`,
      `${server.url}/mgWebService.asmx/GetParishCouncils`,
      `${server.url}/mgParishCouncilDetails.aspx`,
      `${server.url}/mgParishCouncilDetails.aspx?ID=12`,
    ]);
  });

  it("shares one request between concurrent callers", async () => {
    const requested: string[] = [];
    const mg = new ModernGovDirectory({
      minIntervalMs: 0,
      retryBaseMs: 1,
      baseUrl: server.url,
      fetch: recordingFetch(requested),
    });
    const contacts = await Promise.all([
      contactOf(mg, parish("St Mary and Marsh")),
      contactOf(mg, parish("Little Wendle")),
      contactOf(mg, parish("Little Wendle")),
    ]);
    expect(contacts.map((c) => c?.email)).toEqual([
      "clerk@stmarysandmarsh.example.org",
      undefined,
      undefined,
    ]);
    // Little Wendle's XML has no email, so its details page is read too (once).
    expect(requested).toEqual([
      `${server.url}/mgWebService.asmx/GetParishCouncils`,
      `${server.url}/mgParishCouncilDetails.aspx`,
      `${server.url}/mgParishCouncilDetailsList.aspx`,
      `${server.url}/mgParishCouncilDetails.aspx?ID=13`,
    ]);
  });
});

describe("ModernGovDirectory when Modern.Gov misbehaves", () => {
  it("throws UpstreamError when every source answers with an HTML error page, saying why", async () => {
    const bad = await tinyServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(fixture("html-error-page.html"));
    });
    try {
      const mg = new ModernGovDirectory({ minIntervalMs: 0, retryBaseMs: 1, baseUrl: bad.url });
      // A page in place of the data may be a proxy's or a passing fault: nothing to remember as "no clerk".
      const error = await rejection(contactOf(mg, parish("Great Wendle")));
      expect(error.message).toContain(
        `Modern.Gov's web service (GetParishCouncils) was not understood (returned HTML, not XML (${bad.url}/mgWebService.asmx/GetParishCouncils))`,
      );
      expect(error.message).toContain(
        "The parish council index page (mgParishCouncilDetails.aspx) lists no parish councils",
      );
    } finally {
      await bad.close();
    }
  });

  it("throws UpstreamError naming the status and URL of a non-2xx answer", async () => {
    const bad = await tinyServer((_req, res) => {
      res.writeHead(503, { "content-type": "text/html" });
      res.end("<h1>Service Unavailable</h1>");
    });
    try {
      const mg = new ModernGovDirectory({
        minIntervalMs: 0,
        retryBaseMs: 1,
        baseUrl: `${bad.url}/democracy/`,
      });
      const error = await rejection(contactOf(mg, parish("Great Wendle")));
      // 503 says the host is down: the other sources on it are not tried.
      expect(error.message).toContain(`Modern.Gov's web service (GetParishCouncils) failed (HTTP 503)`);
      expect(error.message).not.toContain("SOAP");
      expect(error.message).toMatch(/^Modern\.Gov: no part of the directory answered: /);
    } finally {
      await bad.close();
    }
  });

  it("retries 5xx answers with back-off, but not 4xx", async () => {
    const real = await startModernGovServer({ directory });
    const xml = await (await fetch(`${real.url}/mgWebService.asmx/GetParishCouncils`)).text();
    await real.close();
    let calls = 0;
    const flaky = await tinyServer((req, res) => {
      calls++;
      if (req.url?.includes("missing")) res.writeHead(404).end();
      else if (calls <= 2) res.writeHead(503).end("busy");
      else res.writeHead(200, { "content-type": "text/xml" }).end(xml);
    });
    try {
      const mg = new ModernGovDirectory({ minIntervalMs: 0, retryBaseMs: 1, baseUrl: flaky.url });
      expect((await contactOf(mg, parish("St Mary and Marsh")))?.email).toBe(
        "clerk@stmarysandmarsh.example.org",
      );
      expect(calls).toBe(3);
      calls = 0;
      const missing = new ModernGovDirectory({
        minIntervalMs: 0,
        retryBaseMs: 1,
        baseUrl: `${flaky.url}/missing`,
      });
      // Every source answers 404: the site is up, so no error, and no 404 is asked twice.
      expect((await missing.lookUp(parish("Great Wendle"))).problems.map((p) => p.message)).toEqual([
        "Modern.Gov's web service (GetParishCouncils) is not there (HTTP 404)",
        "Modern.Gov's web service by SOAP is not there (HTTP 404)",
        "The parish councils' details page (mgParishCouncilDetailsList.aspx) is not there (HTTP 404)",
        "The parish council index page (mgParishCouncilDetails.aspx) is not there (HTTP 404)",
        "no council in Modern.Gov matches Great Wendle",
      ]);
      expect(calls).toBe(4);
    } finally {
      await flaky.close();
    }
  });

  it("spaces requests to one host by the minimum interval (one second by default)", async () => {
    const times: number[] = [];
    const server = await tinyServer((req, res) =>
      res.writeHead(req.url?.endsWith("/GetParishCouncils") ? 503 : 404).end(),
    );
    try {
      // The pacing clock stands still, so each wait the limiter asks for is a whole interval slept
      // after the previous request was sent: the gaps below cannot shrink on a busy machine.
      const frozen = new Date();
      const mg = new ModernGovDirectory({
        minIntervalMs: 100,
        retryBaseMs: 1,
        attempts: 3,
        baseUrl: server.url,
        pacingClock: { now: () => frozen },
        fetch: (input, init) => {
          times.push(performance.now());
          return fetch(input, init);
        },
      });
      await rejection(mg.lookUp(parish("Great Wendle")));
      // Three tries of the list; a 503 says the host is down, so nothing else is asked.
      expect(times).toHaveLength(3);
      for (let i = 1; i < times.length; i++)
        expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(90);
    } finally {
      await server.close();
    }
  });

  it("serves the stale list when the server is down after a successful call, and throws with no cache", async () => {
    const server = await startModernGovServer({ directory });
    let clock = 0;
    const mg = new ModernGovDirectory({
      minIntervalMs: 0,
      retryBaseMs: 1,
      baseUrl: server.url,
      listTtlMs: 1000,
      now: () => clock,
    });
    const first = await contactOf(mg, parish("St Mary and Marsh"));
    expect(first?.email).toBe("clerk@stmarysandmarsh.example.org");
    await server.close();

    clock = 5000;
    expect(await contactOf(mg, parish("St Mary and Marsh"))).toEqual(first);
    // The pages were never fetched, so there is nothing stale to serve for them: the host is down,
    // so the look-up says so rather than "no clerk".
    const error = await rejection(contactOf(mg, parish("Great Wendle")));
    expect(error.message).toMatch(/did not answer \(request to .*ECONNREFUSED/);

    const cold = new ModernGovDirectory({ minIntervalMs: 0, retryBaseMs: 1, baseUrl: server.url });
    const coldError = await rejection(contactOf(cold, parish("St Mary and Marsh")));
    expect(coldError.message).toMatch(/ECONNREFUSED/);
  });

  it("serves the stale list when a refresh returns HTML", async () => {
    let html = false;
    const flaky = await tinyServer((_req, res) => {
      res.writeHead(200, { "content-type": html ? "text/html" : "text/xml" });
      res.end(html ? fixture("js-redirect-stub.html") : fixture("get-parish-councils.xml"));
    });
    try {
      let clock = 0;
      const mg = new ModernGovDirectory({
        minIntervalMs: 0,
        retryBaseMs: 1,
        baseUrl: flaky.url,
        listTtlMs: 10,
        now: () => clock,
      });
      const first = await contactOf(mg, parish("Saint Mary's and Marsh"));
      expect(first?.email).toBe("clerk@stmarysandmarsh-pc.example.org.uk");
      html = true;
      clock = 100;
      expect(await contactOf(mg, parish("Saint Mary's and Marsh"))).toEqual(first);
    } finally {
      await flaky.close();
    }
  });

  it("throws UpstreamError when the server never answers", async () => {
    const silent = await tinyServer(() => {
      // Accept the request and never respond.
    });
    try {
      const mg = new ModernGovDirectory({
        minIntervalMs: 0,
        retryBaseMs: 1,
        baseUrl: silent.url,
        timeoutMs: 100,
      });
      const started = Date.now();
      const error = await rejection(contactOf(mg, parish("Great Wendle")));
      expect(error.message).toContain(
        `did not answer (no answer within 100 ms from ${silent.url}/mgWebService.asmx/GetParishCouncils)`,
      );
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await silent.close();
    }
  });
});

describe("ModernGovDirectory URLs", () => {
  it("keeps the base URL's path prefix and merges the page into a record that has a clerk but no email", async () => {
    const requested: string[] = [];
    const fake: typeof fetch = async (input) => {
      const url = urlOf(input);
      if (url.endsWith("/mgWebService.asmx/GetParishCouncils")) {
        return new Response(fixture("get-parish-councils.xml"), { headers: { "content-type": "text/xml" } });
      }
      if (url.endsWith("/mgParishCouncilDetails.aspx?ID=104")) {
        return new Response(fixture("parish-page-text-only.html"), {
          headers: { "content-type": "text/html" },
        });
      }
      return new Response("not found", { status: 404 });
    };
    const mg = new ModernGovDirectory({
      minIntervalMs: 0,
      retryBaseMs: 1,
      baseUrl: "https://democracy.example.gov.uk/moderngov//",
      fetch: recordingFetch(requested, fake),
    });
    expect(await contactOf(mg, parish("Hollow Vale"))).toEqual({
      councilName: "Hollow Vale Community Council",
      clerkName: "Mr Tom Reed",
      email: "hollowvale.clerk@example.org.uk",
      phone: "07700 900456",
      source: "https://democracy.example.gov.uk/moderngov/mgParishCouncilDetails.aspx?ID=104",
      via: "details-page",
      match: { title: "Hollow Vale Community Council", confidence: 1, how: "exact" },
    });
    // Without a details list or an index, the list's own id leads to the parish's page.
    expect(requested).toEqual([
      "https://democracy.example.gov.uk/moderngov/mgWebService.asmx/GetParishCouncils",
      "https://democracy.example.gov.uk/moderngov/mgParishCouncilDetails.aspx",
      "https://democracy.example.gov.uk/moderngov/mgParishCouncilDetailsList.aspx",
      "https://democracy.example.gov.uk/moderngov/mgParishCouncilDetails.aspx?ID=104",
    ]);
  });

  it("accepts the service URL itself as the base", () => {
    const mg = new ModernGovDirectory({
      minIntervalMs: 0,
      retryBaseMs: 1,
      baseUrl: "https://mgov.example.gov.uk/modern.gov/mgWebService.asmx",
    });
    expect(mg.listUrl).toBe("https://mgov.example.gov.uk/modern.gov/mgWebService.asmx/GetParishCouncils");
    expect(mg.detailsUrl(7)).toBe("https://mgov.example.gov.uk/modern.gov/mgParishCouncilDetails.aspx?ID=7");
  });

  it("rejects a base URL that is not http(s)", () => {
    expect(
      () => new ModernGovDirectory({ minIntervalMs: 0, retryBaseMs: 1, baseUrl: "democracy.example.gov.uk" }),
    ).toThrow(TypeError);
    expect(
      () =>
        new ModernGovDirectory({
          minIntervalMs: 0,
          retryBaseMs: 1,
          baseUrl: "ftp://democracy.example.gov.uk",
        }),
    ).toThrow(TypeError);
  });
});

/** The URL a `fetch` was asked for, however it was given. */
function urlOf(input: string | URL | Request): string {
  return typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
}

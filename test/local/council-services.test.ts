import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { demoOpen311Key } from "../../functions/config/open311-demo-key.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { aCase } from "../adapters/case-store-contract.js";
import { FormSession } from "../helpers/browser.js";
import { aReport, postReport } from "../helpers/builders.js";
import { useLocalStack } from "../helpers/local-stack.js";

// Each council takes only its own services (`services` in its settings; every one without). In the
// demo, Saltmere takes speeding only: a street furniture report there is refused on every channel
// with nothing stored, while Harrowfield, which lists none, takes both.

let stack: LocalStack;
useLocalStack({ councils: "demo" }, (started) => {
  stack = started;
});

const SALTMERE_TOWN = "ZX30 1AE";
const HARROWFIELD_TOWN = "ZX20 1PS";
const SALTMERE_HOST = "report.saltmere.example.org";
const BENCH = { danger: "no", item: "bench", owner: "district" };
const BENCH_NAME = "Report a problem with a bench, bus shelter or noticeboard";
const SPEEDING_NAME = "Report speeding traffic";

const saltmereCases = () => stack.app.caseStore.countByStatus({ council: "saltmere" });

/** A GET with a Host header of our choosing (fetch always sends the URL's own). */
function getOnHost(path: string, host: string): Promise<{ status: number; body: string }> {
  const url = new URL(path, stack.urls.api);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, headers: { host } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("the form", () => {
  /** A resident on the shared site reports a broken bench at this postcode. */
  async function benchAt(postcode: string) {
    const session = await new FormSession(stack.urls.api).begin(
      "/street-furniture",
      "/street-furniture/questions/danger",
    );
    await session.walk([
      ["/street-furniture/questions/danger", { danger: BENCH.danger }],
      ["/street-furniture/questions/item", { item: BENCH.item }],
      ["/street-furniture/questions/owner", { owner: BENCH.owner }],
    ]);
    return { session, located: await session.post("/street-furniture/location", { postcode }) };
  }

  it("lists every service on the shared site", async () => {
    const home = await new FormSession(stack.urls.api).get("/");
    expect(home.body).toContain(SPEEDING_NAME);
    expect(home.body).toContain(BENCH_NAME);
  });

  it("tells a resident on the shared site that Saltmere does not take it, how to reach Saltmere, and keeps nothing", async () => {
    const before = await saltmereCases();
    const { session, located } = await benchAt(SALTMERE_TOWN);
    expect(located.status).toBe(303);
    expect(located.location).toBe("/street-furniture/not-offered?council=saltmere");
    const page = await session.get(located.location ?? "");
    expect(page.status).toBe(200);
    expect(page.body).toContain("Saltmere Council does not take this report through this service");
    expect(page.body).toContain("customer.services@saltmere.example.org");
    expect(page.body).toContain("01632 960200");
    expect(page.body).toContain('href="/street-furniture/location"');
    // The location was not kept: the journey cannot go on past it.
    const details = await session.get("/street-furniture/details");
    expect(details.location).toBe("/street-furniture/location");
    expect(await saltmereCases()).toEqual(before);
  });

  it("takes the same report in Harrowfield, which lists no services (so takes them all)", async () => {
    const { located } = await benchAt(HARROWFIELD_TOWN);
    expect(located.location).toBe("/street-furniture/details");
  });

  it("sends a hand-made not-offered link for a council that takes the service back to the journey", async () => {
    const { session } = await benchAt(HARROWFIELD_TOWN);
    const page = await session.get("/street-furniture/not-offered?council=harrowfield");
    expect(page.status).toBe(303);
  });

  it("lists only Saltmere's services on its own host, and has no page for another service there", async () => {
    const home = await getOnHost("/", SALTMERE_HOST);
    expect(home.status).toBe(200);
    expect(home.body).toContain(SPEEDING_NAME);
    expect(home.body).not.toContain(BENCH_NAME);
    expect((await getOnHost("/speeding", SALTMERE_HOST)).status).toBe(200);
    const other = await getOnHost("/street-furniture", SALTMERE_HOST);
    expect(other.status).toBe(404);
    expect(other.body).toContain("Page not found");
    expect((await getOnHost("/street-furniture/location", SALTMERE_HOST)).status).toBe(404);
  });
});

describe("the JSON API", () => {
  // Built whole: aReport's answers are the speeding service's.
  const bench = (postcode: string) =>
    postReport(stack.urls.api, {
      service: "street-furniture",
      answers: BENCH,
      location: { postcode },
      description: `A broken bench near ${postcode}`,
    });

  it("refuses a street furniture report in Saltmere, naming the field, and stores nothing", async () => {
    const before = await saltmereCases();
    const response = await bench(SALTMERE_TOWN);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await response.json()) as { errors: Array<{ field: string; message: string }> };
    expect(problem.errors).toEqual([
      { field: "service", message: expect.stringContaining("Saltmere Council does not take") },
    ]);
    expect(await saltmereCases()).toEqual(before);
  });

  it("takes it in Harrowfield, and takes speeding in Saltmere", async () => {
    expect((await bench(HARROWFIELD_TOWN)).status).toBe(201);
    const speeding = await postReport(stack.urls.api, aReport({ location: { postcode: SALTMERE_TOWN } }));
    expect(speeding.status).toBe(201);
  });
});

describe("Open311", () => {
  const open311 = (path: string, init?: RequestInit) => fetch(`${stack.urls.api}/open311/v2/${path}`, init);
  const codes = async (path: string) =>
    ((await (await open311(path)).json()) as Array<{ service_code: string }>).map((s) => s.service_code);
  const postBench = (council: string, postcode: string) =>
    open311("requests.json", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        api_key: demoOpen311Key(council),
        service_code: "street-furniture",
        address_string: postcode,
        description: `A broken bench near ${postcode}`,
        ...Object.fromEntries(Object.entries(BENCH).map(([k, v]) => [`attribute[${k}]`, v])),
      }).toString(),
    });

  it("lists only the jurisdiction's or the key's council's services", async () => {
    expect(await codes("services.json?jurisdiction_id=saltmere.example.org")).toEqual(["speeding"]);
    expect(await codes(`services.json?api_key=${demoOpen311Key("saltmere")}`)).toEqual(["speeding"]);
    expect(await codes("services.json?jurisdiction_id=harrowfield.example.org")).toEqual([
      "speeding",
      "street-furniture",
    ]);
  });

  it("has no definition of a service the council does not offer", async () => {
    const refused = await open311("services/street-furniture.json?jurisdiction_id=saltmere.example.org");
    expect(refused.status).toBe(404);
    const offered = await open311("services/street-furniture.json?jurisdiction_id=harrowfield.example.org");
    expect(offered.status).toBe(200);
  });

  it("refuses a street furniture request with Saltmere's key, naming the service and council, and stores nothing", async () => {
    const before = await saltmereCases();
    const response = await postBench("saltmere", SALTMERE_TOWN);
    expect(response.status).toBe(400);
    const [error, ...more] = (await response.json()) as Array<{ code: number; description: string }>;
    expect(more).toEqual([]);
    expect(error?.code).toBe(400);
    expect(error?.description).toMatch(/^service_code: Saltmere Council does not take .*street-furniture/);
    expect(await saltmereCases()).toEqual(before);
  });

  it("takes it with Harrowfield's key in Harrowfield", async () => {
    expect((await postBench("harrowfield", HARROWFIELD_TOWN)).status).toBe(201);
  });

  it("finds no requests of a service the council does not offer, even one stored before", async () => {
    // A case from before Saltmere listed its services, written straight to the store.
    await stack.app.caseStore.create(
      aCase("SFN-AAAA-AAA3", { service: "street-furniture", council: "saltmere" }),
      [],
    );
    const window = "start_date=2026-10-15T00:00:00Z&end_date=2026-11-15T00:00:00Z";
    const search = async (filter: string) =>
      (
        (await (
          await open311(`requests.json?jurisdiction_id=saltmere.example.org&${window}${filter}`)
        ).json()) as Array<{ service_request_id: string }>
      ).map((r) => r.service_request_id);
    expect(await search("")).toContain("SFN-AAAA-AAA3");
    expect(await search("&service_code=street-furniture")).toEqual([]);
  });
});

import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { newReference } from "#core/case/reference.js";
import type { CaseStore } from "#core/ports/case-store.js";
import { services } from "#core/services/index.js";
import type { Open311Deps } from "#http/open311/open311-types.js";
import { MAX_REQUEST_IDS, MAX_SEARCH_QUERIES, searchRequests } from "#http/open311/search-requests.js";
import { oneCouncil } from "../../helpers/councils.js";

/** A different reference for each seed: its digits drive the random characters. */
const seeded = (seed: number) => {
  let rest = seed;
  return (max: number) => {
    const digit = rest % max;
    rest = Math.floor(rest / max);
    return digit;
  };
};

// A search's cost is bounded by what it can mean, not by how often a client repeats a filter.

function searchWith(query: Record<string, string>, offered: ReadonlyMap<string, unknown> = services) {
  const queries: unknown[] = [];
  const reads: string[][] = [];
  const caseStore = {
    listByStatus: async (filter: unknown) => {
      queries.push(filter);
      return [];
    },
    getMany: async (references: string[]) => {
      reads.push(references);
      return [];
    },
  } as unknown as CaseStore;
  const deps = {
    services: offered,
    caseStore,
    clock: { now: () => new Date("2026-12-01T12:00:00Z") },
    councils: oneCouncil,
  } as unknown as Open311Deps;
  const run = searchRequests({
    deps,
    event: {} as APIGatewayProxyEventV2,
    params: {},
    format: "json",
    query,
    keyCouncil: () => undefined,
  });
  return { run, queries, reads };
}

describe("Open311 search budget", () => {
  it("makes one query per status and service however often a code is repeated", async () => {
    const once = searchWith({ service_code: "speeding", status: "open" });
    await once.run;
    const repeated = searchWith({
      service_code: Array(1000).fill("speeding").join(","),
      status: Array(50).fill("open").join(","),
    });
    const response = await repeated.run;
    expect(response.statusCode).toBe(200);
    expect(repeated.queries).toEqual(once.queries);
    // open is two case statuses (new, in-progress): two queries for one service.
    expect(repeated.queries).toHaveLength(2);
  });

  it("queries nothing for a code it does not know, and refuses an inherited property as a status", async () => {
    const unknown = searchWith({ service_code: Array(1000).fill("no-such-service").join(",") });
    expect((await unknown.run).statusCode).toBe(200);
    expect(unknown.queries).toEqual([]);
    const mixed = searchWith({ service_code: "no-such-service,speeding", status: "closed" });
    await mixed.run;
    expect(mixed.queries).toHaveLength(1);
    for (const status of ["__proto__", "constructor", "toString"]) {
      const inherited = searchWith({ status });
      await expect(inherited.run, status).rejects.toThrow("is not open or closed");
      expect(inherited.queries).toEqual([]);
    }
  });

  it("keeps every search within a total query budget, however many services there are", async () => {
    const many = new Map([...Array(10).keys()].map((i) => [`service-${i}`, { id: `service-${i}` }]));
    const codes = [...many.keys()];
    const tooMany = searchWith({ service_code: codes.join(",") }, many);
    await expect(tooMany.run).rejects.toThrow("give at most 4 service codes");
    expect(tooMany.queries).toEqual([]);
    const fits = searchWith({ service_code: codes.slice(0, 6).join(","), status: "open" }, many);
    expect((await fits.run).statusCode).toBe(200);
    expect(fits.queries).toHaveLength(MAX_SEARCH_QUERIES);
  });

  it("reads a status check's ids in one call to the store, each case once, and refuses more than 1,000", async () => {
    // Valid references (their check characters hold), each named twice: as given and in lower case.
    const references = [...Array(MAX_REQUEST_IDS).keys()].map((i) => newReference("SPD", seeded(i)));
    expect(new Set(references).size).toBe(MAX_REQUEST_IDS);
    const ids = [...references, ...references.map((r) => r.toLowerCase()), "not-a-reference"];
    const check = searchWith({ service_request_id: ids.join(","), status: "open" });
    expect((await check.run).statusCode).toBe(200);
    expect(check.reads).toEqual([references]);
    expect(check.queries).toEqual([]);

    const tooMany = searchWith({
      service_request_id: [...references, newReference("SPD", seeded(MAX_REQUEST_IDS))].join(","),
    });
    await expect(tooMany.run).rejects.toThrow(`give at most ${MAX_REQUEST_IDS} ids`);
    expect(tooMany.reads).toEqual([]);
  });
});

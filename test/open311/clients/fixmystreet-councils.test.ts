import { describe, expect, it } from "vitest";
import { demoOpen311Key } from "../../../functions/config/open311-demo-key.js";
import type { LocalStack } from "../../../functions/local/local-stack.js";
import { queueDrained, useLocalStack } from "../../helpers/local-stack.js";
import { type ClientRequest, clientRequest, filled, send } from "./client-request.js";
import { type PerlHash, scalar, w3cdtf, xmlSimple } from "./fixmystreet-reader.js";

// FixMyStreet's requests (the fixtures in fixtures/fixmystreet/, as perllib/Open311.pm builds them)
// replayed against a deployment of three councils, each as FixMyStreet is configured for one body:
// that council's key and jurisdiction_id, and a point in its area. It sends jurisdiction_id on
// every call (query on GET, body on POST) and api_key in the POST body and the updates poll.

let stack: LocalStack;
let endpoint: string;
useLocalStack({ councils: "demo", queue: { visibilityTimeoutMs: 200 } }, (started) => {
  stack = started;
  endpoint = `${stack.urls.api}/open311/v2/`;
});

/** Each council as FixMyStreet would be set up for it, and a point in its area (demo postcodes). */
const COUNCILS = [
  { id: "harrowfield", jurisdiction: "harrowfield.example.org", lat: "54.768866", long: "2.326795" },
  { id: "saltmere", jurisdiction: "saltmere.example.org", lat: "54.706628", long: "2.452557" },
] as const;
type Setup = (typeof COUNCILS)[number];

async function replay(request: ClientRequest) {
  const response = await send(endpoint, request);
  const text = await response.text();
  return { status: response.status, text, xml: xmlSimple(text) };
}

const asCouncil = (request: ClientRequest, council: Setup, values: Record<string, string> = {}) =>
  filled(request, values, {
    ...(request.method === "POST"
      ? {
          body: {
            api_key: demoOpen311Key(council.id),
            jurisdiction_id: council.jurisdiction,
            lat: council.lat,
            long: council.long,
          },
        }
      : {
          query: {
            jurisdiction_id: council.jurisdiction,
            ...(request.query?.some(([k]) => k === "api_key") ? { api_key: demoOpen311Key(council.id) } : {}),
          },
        }),
  });

const requestIdOf = (xml: PerlHash | undefined) =>
  scalar((xml?.request as PerlHash[] | undefined)?.[0]?.service_request_id);

describe.each(COUNCILS)("FixMyStreet set up for $id on a three-council deployment", (council) => {
  it.each(["post-report", "post-uk-report", "post-multi-photos"])(
    "%s is taken with the council's key and jurisdiction_id, and stored as its case",
    async (fixture) => {
      const answer = await replay(asCouncil(clientRequest(`fixmystreet/${fixture}`), council));
      expect(answer.status, answer.text).toBe(201);
      const id = requestIdOf(answer.xml);
      expect(id).toMatch(/^SPD-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect((await stack.app.caseStore.get(id as string))?.council).toBe(council.id);
    },
  );

  it("sees its own request in a status check, and another council's set-up does not", async () => {
    const posted = await replay(asCouncil(clientRequest("fixmystreet/post-report"), council));
    const id = requestIdOf(posted.xml) as string;
    const statusCheck = clientRequest("fixmystreet/status-check");
    const ours = await replay(asCouncil(statusCheck, council, { ids: id }));
    expect(ours.status, ours.text).toBe(200);
    expect((ours.xml?.request as PerlHash[]).map((r) => scalar(r.service_request_id))).toEqual([id]);
    const other = COUNCILS.find((c) => c.id !== council.id) as Setup;
    const theirs = await replay(asCouncil(statusCheck, other, { ids: id }));
    expect(theirs.status, theirs.text).toBe(200);
    expect((theirs.xml?.request as PerlHash[] | undefined) ?? []).toEqual([]);
    await queueDrained(stack);
  });

  it("polls its updates and reads its services with its own set-up", async () => {
    const now = new Date();
    const window = {
      start_date: w3cdtf(new Date(now.getTime() - 3_600_000)),
      end_date: w3cdtf(new Date(now.getTime() + 60_000)),
    };
    const updates = await replay(
      asCouncil(clientRequest("fixmystreet/service-request-updates"), council, window),
    );
    expect(updates.status, updates.text).toBe(200);
    const services = await replay(asCouncil(clientRequest("fixmystreet/services"), council));
    expect(services.status, services.text).toBe(200);
    const codes = ((services.xml?.service as PerlHash[] | undefined) ?? []).map((s) =>
      scalar(s.service_code),
    );
    // Saltmere takes speeding reports only; Harrowfield every service.
    expect(codes).toEqual(council.id === "saltmere" ? ["speeding"] : ["speeding", "street-furniture"]);
  });
});

import { describe, expect, it } from "vitest";
import { DEMO_OPEN311_API_KEY } from "../../functions/config/open311-demo-key.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { useLocalStack } from "../helpers/local-stack.js";
import { postForm, xmlAsJson } from "./helpers.js";

// Issue 16: with its update-sending extension on, FixMyStreet POSTs its users' own updates to
// servicerequestupdates.xml (perllib/Open311.pm, _populate_service_request_update_params) and
// reads back request_update[0].update_id; anything but a 2xx is a failed send it retries. They are
// recorded for staff once per FixMyStreet comment id, and change nothing else.

let stack: LocalStack;
let base: string;
useLocalStack({}, (started) => {
  stack = started;
  base = `${stack.urls.api}/open311/v2`;
});

let reports = 0;

/** A report of its own (a resend of the same fields would be answered with the first case). */
async function aCase(): Promise<string> {
  const response = await postForm(`${base}/requests.xml`, {
    api_key: DEMO_OPEN311_API_KEY,
    service_code: "speeding",
    address_string: "ZX2 1FD",
    description: `title: Speeding\n\ndetail: Cars race past the school.\n\nurl: https://www.fixmystreet.com/report/${++reports}\n\nSubmitted via FixMyStreet\n`,
    "attribute[danger]": "no",
    "attribute[road-type]": "residential",
    "attribute[outcome]": "speedwatch",
  });
  const body = await response.text();
  expect(response.status, body).toBe(201);
  return (xmlAsJson(body) as Array<{ service_request_id: string }>)[0]?.service_request_id ?? "";
}

/** An update as FixMyStreet sends one, fields in its order; `overrides` replace or add fields. */
function fixMyStreetUpdate(reference: string, overrides: Record<string, string> = {}) {
  return {
    updated_datetime: "2026-12-03T10:15:00Z",
    service_request_id: reference,
    status: "FIXED",
    description: "The speed sign went up on Monday & drivers are slower <b>now</b>.",
    last_name: "Bloggs",
    first_name: "Jo",
    email: "jo.bloggs@example.com",
    update_id: "98765",
    media_url: "https://www.fixmystreet.com/c/98765.0.full.jpeg",
    jurisdiction_id: "E07999999",
    api_key: DEMO_OPEN311_API_KEY,
    ...overrides,
  };
}

async function postUpdate(fields: Record<string, string>) {
  const response = await postForm(`${base}/servicerequestupdates.xml`, fields);
  const text = await response.text();
  return { status: response.status, text, answer: xmlAsJson(text) as Array<Record<string, string>> };
}

const updatesOn = async (reference: string) =>
  (await stack.app.caseStore.timeline(reference)).filter((e) => e.type === "client-update");

describe("POST servicerequestupdates (a resident's update from their app)", () => {
  it("records it on the case once per client update id, and answers with our update_id", async () => {
    const reference = await aCase();
    const first = await postUpdate(fixMyStreetUpdate(reference));
    expect(first.status, first.text).toBe(201);
    expect(first.text).toContain("<service_request_updates>");
    const updateId = first.answer[0]?.update_id ?? "";
    expect(updateId).toMatch(/^[0-9a-f-]{36}$/);

    // FixMyStreet retries a send it saw fail: the same comment is one update with the same id.
    const again = await postUpdate(fixMyStreetUpdate(reference));
    expect(again.status).toBe(201);
    expect(again.answer[0]?.update_id).toBe(updateId);

    const events = await updatesOn(reference);
    expect(events).toHaveLength(1);
    expect(events[0]?.actor).toBe("resident");
    expect(events[0]?.summary).toContain("drivers are slower <b>now</b>");
    expect(events[0]?.summary).toContain("marks it fixed");
    expect(events[0]?.summary).toContain("https://www.fixmystreet.com/c/98765.0.full.jpeg");
    // The commenter's contact details are FixMyStreet's, not kept here.
    expect(JSON.stringify(events)).not.toContain("jo.bloggs@example.com");

    // A resident's "fixed" is for staff to check: the case is unchanged, and it is not served back.
    expect((await stack.app.caseStore.get(reference))?.status).toBe("new");
    const served = await fetch(`${base}/servicerequestupdates.json?api_key=${DEMO_OPEN311_API_KEY}`);
    expect(JSON.stringify(await served.json())).not.toContain(reference);

    // A state that is not a plain word is left out, never refused (a refusal is retried for ever).
    const odd = await postUpdate(fixMyStreetUpdate(reference, { update_id: "98767", status: "<b>!" }));
    expect(odd.status).toBe(201);
    const another = await postUpdate(fixMyStreetUpdate(reference, { update_id: "98766" }));
    expect(another.answer[0]?.update_id).not.toBe(updateId);
    expect(await updatesOn(reference)).toHaveLength(3);
    expect(JSON.stringify(await updatesOn(reference))).not.toContain("<b>!");
  });

  it.each([
    ["no api_key", { api_key: "" }, 403, "api_key is required"],
    ["a wrong api_key", { api_key: "guess" }, 403, "api_key is not valid"],
    ["an unknown request", { service_request_id: "SPD-2222-2222" }, 404, "not found"],
    ["no update_id", { update_id: "" }, 400, "update_id is required"],
    ["neither text nor photo", { description: "", media_url: "" }, 400, "text or a photo link"],
    ["a wrong jurisdiction", { jurisdiction_id: "E07000001" }, 404, "jurisdiction_id not found"],
  ])("refuses %s with the spec's error list", async (_, overrides, status, words) => {
    const reference = await aCase();
    const res = await postUpdate(fixMyStreetUpdate(reference, overrides));
    expect(res.status, res.text).toBe(status);
    expect(res.answer[0]?.description).toContain(words);
    expect(await updatesOn(reference)).toHaveLength(0);
  });
});

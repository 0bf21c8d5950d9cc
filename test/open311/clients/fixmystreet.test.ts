import { describe, expect, it } from "vitest";
import { newReference } from "#core/case/reference.js";
import type { LocalStack } from "../../../functions/local/local-stack.js";
import { queueDrained, useLocalStack } from "../../helpers/local-stack.js";
import { emailsAbout } from "../../helpers/ses-store.js";
import { type ClientRequest, clientRequest, filled, send } from "./client-request.js";
import {
  checkDate,
  FIXMYSTREET_VISIBLE_STATES,
  mapState,
  type PerlHash,
  processError,
  scalar,
  splitName,
  truncateCoordinate,
  w3cdtf,
  xmlSimple,
} from "./fixmystreet-reader.js";
import { addPublicUpdate } from "./public-update.js";

// FixMyStreet's own Open311 client (perllib/Open311.pm and the Open311/ modules in
// mysociety/fixmystreet), replayed request by request from fixtures/fixmystreet/, and its answers
// read back as FixMyStreet reads them (XML::Simple with its ForceArray and GroupTags lists).

let stack: LocalStack;
let endpoint: string;
useLocalStack({ queue: { visibilityTimeoutMs: 200 } }, (started) => {
  stack = started;
  endpoint = `${stack.urls.api}/open311/v2/`;
});

/**
 * A council domain the demo district answers to as jurisdiction_id: the domain of its DISTRICT_EMAIL.
 * The jurisdiction list is configured by another part of issue 16; align this with its demo value.
 */
const COUNCIL_DOMAIN = "exampleshire-vale.example.org";

/** Each replayed report gets its own FixMyStreet id (`ownReport`): compare the rest. */
const anyReportId = (text: string | undefined) => text?.replace(/\/report\/\d+/g, "/report/N");

async function replay(request: ClientRequest) {
  const response = await send(endpoint, request);
  const text = await response.text();
  return { status: response.status, type: response.headers.get("content-type"), text, xml: xmlSimple(text) };
}

/** `send_service_request`: the id is `request[0].service_request_id`, and only if it is a scalar. */
function serviceRequestId(xml: PerlHash | undefined): string | undefined {
  const request = (xml?.request as PerlHash[] | undefined)?.[0];
  const id = request?.service_request_id;
  return typeof id === "string" ? id : undefined;
}

async function sentOk(request: ClientRequest) {
  const answer = await replay(request);
  expect(answer.status, answer.text).toBe(201);
  expect(answer.type).toBe("text/xml; charset=utf-8");
  const id = serviceRequestId(answer.xml);
  expect(id).toMatch(/^[A-Z]{2,5}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const stored = await stack.app.caseStore.get(id as string);
  expect(stored).toBeDefined();
  return { ...answer, id: id as string, stored: stored as NonNullable<typeof stored> };
}

/** Once dispatch has run: where the case was emailed, after checking an email went there. */
async function emailedTo(reference: string): Promise<string | undefined> {
  await queueDrained(stack);
  const delivered = await stack.app.caseStore.get(reference);
  expect(delivered?.delivery).toBe("sent");
  const recipients = (await emailsAbout(stack.urls.ses, reference)).flatMap((e) => e.destination.to);
  expect(recipients).toContain(delivered?.recipient);
  return delivered?.recipient;
}

const ukReport = clientRequest("fixmystreet/post-uk-report");
/** The same report to a category with only our own questions: what the status and update tests start from. */
const plainReport = clientRequest("fixmystreet/post-report");
const fieldOf = (request: ClientRequest, name: string) => request.body?.find(([k]) => k === name)?.[1];

describe("the fixtures are what FixMyStreet builds", () => {
  it("name, coordinates and description follow split_name, truncate_coordinate and the UK form", () => {
    expect(splitName("Sam Resident")).toEqual([
      fieldOf(ukReport, "first_name"),
      fieldOf(ukReport, "last_name"),
    ]);
    expect(splitName("Dr. Sam de la Resident")).toEqual(["Dr.", "Sam de la Resident"]);
    expect(truncateCoordinate(54.61482)).toBe(fieldOf(ukReport, "lat"));
    expect(truncateCoordinate(2.23385)).toBe(fieldOf(ukReport, "long"));
    expect(truncateCoordinate(54.5)).toBe("54.5");
    expect(fieldOf(ukReport, "description")).toMatch(
      /^title: .+\n\ndetail: .+\n\nurl: https:\/\/www\.fixmystreet\.com\/report\/\d+\n\nSubmitted via FixMyStreet\n$/,
    );
    for (const name of ["jurisdiction_id", "api_key"]) expect(fieldOf(ukReport, name)).toBeTruthy();
  });
});

describe("the reader mimics XML::Simple as FixMyStreet sets it up", () => {
  it("drops the root, forces item lists, folds group wrappers and makes empty elements undef", () => {
    const xml =
      '<?xml version="1.0" encoding="utf-8"?>\n<service_definition><service_code>a</service_code>' +
      "<attributes><attribute><code>x</code><datatype_description/><values><value><key>k</key>" +
      "<name>N</name></value></values></attribute></attributes></service_definition>";
    expect(xmlSimple(xml)).toEqual({
      service_code: "a",
      attributes: [{ code: "x", datatype_description: undefined, values: [{ key: "k", name: "N" }] }],
    });
    expect(
      xmlSimple(
        "<service_requests><request><service_request_id>1</service_request_id></request></service_requests>",
      ),
    ).toEqual({
      request: [{ service_request_id: "1" }],
    });
    expect(xmlSimple("not xml")).toBeUndefined();
    expect(processError("<html>Bad gateway</html>")).toBe("unknown error");
    expect(
      processError("<errors><error><code>400</code><description>no</description></error></errors>"),
    ).toBe("400: no\n");
  });

  it("maps states and checks dates as FixMyStreet does", () => {
    expect(mapState("NOT_COUNCILS_RESPONSIBILITY", true)).toBe("not responsible");
    expect(mapState("IN_PROGRESS", true)).toBe("in progress");
    expect(mapState("closed", false)).toBe("fixed - council");
    const window = { start: "2026-12-01T10:00:00Z", end: "2026-12-01T12:00:00Z" };
    expect(checkDate("2026-12-01T11:00:00+01:00", window)).toBe(true);
    expect(checkDate("2026-12-01T12:00:01Z", window)).toBe(false);
    expect(checkDate("yesterday", window)).toBe(false);
  });
});

describe("PopulateServiceList: services.xml and services/{code}.xml", () => {
  it("gives each service a scalar code and name, metadata true and no keyword that hides a category", async () => {
    const answer = await replay(clientRequest("fixmystreet/services"));
    expect(answer.status).toBe(200);
    const services = answer.xml?.service as PerlHash[];
    expect(Array.isArray(services)).toBe(true);
    expect(services.map((s) => s.service_code)).toEqual(["speeding", "street-furniture"]);
    for (const service of services) {
      expect(typeof service.service_name).toBe("string");
      expect(scalar(service.metadata)?.toLowerCase()).toBe("true");
      // Split on "," as FixMyStreet does: none marks the category private, inactive, staff-only or waste.
      const keywords = (scalar(service.keywords) ?? "").split(",");
      for (const hidden of ["private", "inactive", "staff", "waste_only"])
        expect(keywords).not.toContain(hidden);
      // An empty <group/> is [undef], which FixMyStreet reads as no group.
      expect(service.group).toEqual([undefined]);
    }
  });

  it("gives each service's questions as the attributes list FixMyStreet stores as extra fields", async () => {
    const definition = clientRequest("fixmystreet/service-definition");
    for (const code of ["speeding", "street-furniture"]) {
      const answer = await replay(filled(definition, { service_code: code }));
      expect(answer.status).toBe(200);
      const attributes = answer.xml?.attributes as PerlHash[];
      expect(Array.isArray(attributes), `${code}: attributes is an ARRAY`).toBe(true);
      const ordered = [...attributes].sort((a, b) => Number(a.order) - Number(b.order));
      expect(ordered).toEqual(attributes);
      for (const attribute of attributes) {
        expect(attribute.variable).toBe("true");
        expect(attribute.datatype).toBe("singlevaluelist");
        expect(typeof attribute.code).toBe("string");
        expect(scalar(attribute.description)).not.toMatch(/:\s*$/);
        const values = attribute.values as PerlHash[];
        expect(Array.isArray(values)).toBe(true);
        for (const value of values) {
          expect(Object.keys(value).sort()).toEqual(["key", "name"]);
        }
      }
    }
  });

  it("says in the signposting values' names what will happen, so FixMyStreet shows it before sending", async () => {
    const answer = await replay(
      filled(clientRequest("fixmystreet/service-definition"), { service_code: "speeding" }),
    );
    const attributes = answer.xml?.attributes as PerlHash[];
    const nameOf = (code: string, key: string) =>
      ((attributes.find((a) => a.code === code)?.values as PerlHash[]).find((v) => v.key === key)?.name ??
        "") as string;
    expect(nameOf("danger", "yes")).toMatch(/999/);
    expect(nameOf("road-type", "motorway")).toMatch(/National Highways/);
  });
});

describe("send_service_request: POST requests.xml", () => {
  it("takes a UK report with its extras and photo link, and answers a scalar service_request_id", async () => {
    const sent = await sentOk(ukReport);
    expect(anyReportId(sent.stored.description.trim())).toBe(
      anyReportId(fieldOf(ukReport, "description")?.trim()),
    );
    expect(sent.stored.destination.kind).toBe("parish");
    expect(sent.stored.fromClient?.mediaUrls).toEqual([fieldOf(ukReport, "media_url")]);
    const kept = Object.fromEntries((sent.stored.fromClient?.attributes ?? []).map((a) => [a.code, a.value]));
    expect(kept).toMatchObject({
      // The one in the link of the description sent (each replay is a report of its own).
      fixmystreet_id: /\/report\/(\d+)/.exec(sent.stored.description)?.[1],
      easting: "673446",
      northing: "532646",
      uprn: "100012345678",
    });
    expect(kept.closest_address).toContain("Mill Lane, Ashcombe");
    // The answers to the service's own questions are answers, not extras.
    expect(sent.stored.answers).toEqual({ danger: "no", "road-type": "residential", outcome: "speedwatch" });
    expect(kept).not.toHaveProperty("danger");

    expect(await emailedTo(sent.id)).not.toBe(stack.config.DISTRICT_EMAIL);
  });

  it("does not depend on field order (Perl sends a hash, in no fixed order)", async () => {
    await sentOk({ ...ukReport, body: [...(ukReport.body ?? [])].reverse() });
  });

  it("keeps every photo link of multi_photos, in order", async () => {
    const multi = clientRequest("fixmystreet/post-multi-photos");
    const sent = await sentOk(multi);
    expect(sent.stored.fromClient?.mediaUrls).toEqual(
      multi.body?.filter(([k]) => k === "media_url").map(([, v]) => v),
    );
  });

  it("takes the multipart form it sends with uploaded photos, and does not store the files", async () => {
    const sent = await sentOk(clientRequest("fixmystreet/post-private-uploads"));
    expect(sent.stored.service).toBe("street-furniture");
    expect(sent.stored.destination.kind).toBe("district");
    expect(sent.stored.fromClient?.mediaUrls ?? []).toEqual([]);
    expect(JSON.stringify(sent.stored)).not.toContain("4244.0.full.jpeg");
  });

  it.each([
    ["post-signpost-999", "immediate-danger", /999/],
    ["post-signpost-motorway", "trunk-road", /National Highways/],
  ])(
    "keeps a report the rules signpost (%s), sends it to the district and says so in service_notice",
    async (name, rule, notice) => {
      const sent = await sentOk(clientRequest(`fixmystreet/${name}`));
      expect(sent.stored.signpost?.ruleId).toBe(rule);
      expect(sent.stored.destination.kind).toBe("district");
      expect((sent.xml?.request as PerlHash[])[0]?.service_notice).toMatch(notice);
      expect(await emailedTo(sent.id)).toBe(stack.config.DISTRICT_EMAIL);
    },
  );

  it("takes a 4,000-character description, twenty attributes it does not know and a phone with an extension", async () => {
    const detail = "Cars race past the school gates at drop-off time. ".repeat(100);
    const head = "title: Cars racing past the school\n\ndetail: ";
    const tail = "\n\nurl: https://www.fixmystreet.com/report/4245\n\nSubmitted via FixMyStreet\n";
    const description = `${head}${detail}`.slice(0, 4000 - tail.length) + tail;
    expect(description).toHaveLength(4000);
    const extras = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`attribute[cobrand_extra_${i + 1}]`, `value ${i + 1}`]),
    );
    const sent = await sentOk(
      // FixMyStreet sends phone only for waste reports (phone_waste); other clients send it as typed.
      filled(plainReport, {}, { body: { description, phone: "01632 960 001 ext. 2", ...extras } }),
    );
    expect(anyReportId(sent.stored.description.trim())).toBe(anyReportId(description.trim()));
    expect(sent.stored.reporter?.phone).toBe("01632 960 001 ext. 2");
    const codes = (sent.stored.fromClient?.attributes ?? []).map((a) => a.code);
    for (let i = 1; i <= 20; i++) expect(codes).toContain(`cobrand_extra_${i}`);
    expect(await emailedTo(sent.id)).toBeDefined();
  });

  it("takes jurisdiction_id as the council's domain as well as its ONS code, both published in discovery", async () => {
    const discovery = await (await fetch(`${endpoint}discovery.json`)).text();
    expect(discovery).toContain(stack.config.DISTRICT_CODE);
    expect(discovery).toContain(COUNCIL_DOMAIN);
    await sentOk(filled(ukReport, {}, { body: { jurisdiction_id: COUNCIL_DOMAIN } }));
  });

  it("gives errors _process_error turns into 'code: description' lines", async () => {
    const wrongKey = await replay(filled(ukReport, {}, { body: { api_key: "not-our-key" } }));
    expect(wrongKey.status).toBe(403);
    expect(serviceRequestId(wrongKey.xml)).toBeUndefined();
    expect(processError(wrongKey.text)).toBe("403: api_key is not valid\n");

    const unknown = await replay(filled(ukReport, {}, { body: { service_code: "potholes" } }));
    expect(unknown.status).toBe(404);
    expect(processError(unknown.text)).toBe("404: service_code potholes not found\n");

    const elsewhere = await replay(filled(ukReport, {}, { body: { jurisdiction_id: "E07000001" } }));
    expect(elsewhere.status).toBe(404);
    expect(processError(elsewhere.text)).toMatch(/^404: jurisdiction_id .+\n$/);
  });
});

describe("GetUpdates: status checks by service_request_id list", () => {
  const statusCheck = clientRequest("fixmystreet/status-check");
  let open: string;
  let closed: string;

  async function check(ids: string[]) {
    const answer = await replay(filled(statusCheck, { ids: ids.join(",") }));
    expect(answer.status, answer.text).toBe(200);
    return answer.xml?.request as PerlHash[];
  }

  it("answers each report's status in a form map_state and check_date take", async () => {
    open = (await sentOk(plainReport)).id;
    closed = (await sentOk(plainReport)).id;
    expect(await stack.app.caseStore.changeStatus(closed, "new", "closed")).toBeTruthy();
    const requests = await check([open, closed]);
    expect(requests.map((r) => r.service_request_id).sort()).toEqual([open, closed].sort());
    const byId = Object.fromEntries(requests.map((r) => [r.service_request_id as string, r]));
    // Without the update-sending extension FixMyStreet maps plain open/closed.
    expect(mapState(byId[open]?.status as string, false)).toBe("confirmed");
    expect(mapState(byId[closed]?.status as string, false)).toBe("fixed - council");
    for (const request of requests) expect(checkDate(request.updated_datetime as string)).toBe(true);
  });

  it("takes 1,000 ids at once (every report the body was sent), answering each once", async () => {
    let seed = 7;
    const random = (max: number) => (seed = (seed * 48271) % 2147483647) % max;
    const unknown = Array.from({ length: 997 }, () => newReference("SPD", random));
    const ids = [open, closed, open, ...unknown];
    expect(ids).toHaveLength(1000);
    const requests = await check(ids);
    expect(requests.map((r) => r.service_request_id).sort()).toEqual([open, closed].sort());
  });
});

describe("GetServiceRequestUpdates: servicerequestupdates.xml", () => {
  const updates = clientRequest("fixmystreet/service-request-updates");
  const second = 1000;
  /** FixMyStreet's window: two hours before, to "now" when it polls (here the first second after the update). */
  const windowAround = (before: Date, after: Date) => ({
    start: w3cdtf(new Date(Math.floor(before.getTime() / second) * second - 2 * 3600 * second)),
    end: w3cdtf(new Date(Math.ceil(after.getTime() / second) * second + second)),
  });

  async function poll(window: { start: string; end: string }, reference: string) {
    const answer = await replay(filled(updates, { start_date: window.start, end_date: window.end }));
    expect(answer.status, answer.text).toBe(200);
    const items = (answer.xml?.request_update as PerlHash[] | undefined) ?? [];
    return { answer, mine: items.filter((u) => u.service_request_id === reference) };
  }

  it("serves a staff public update, inside the asked window, as FixMyStreet reads it", async () => {
    const reference = (await sentOk(plainReport)).id;
    const before = new Date();
    await addPublicUpdate(stack, reference, "We have asked the police to check speeds here.", "in-progress");
    const after = new Date();
    const window = windowAround(before, after);

    const { answer, mine } = await poll(window, reference);
    expect(mine).toHaveLength(1);
    const [update] = mine as [PerlHash];
    // process_requests skips an item without update_id; find_problem matches service_request_id.
    expect(typeof update.update_id).toBe("string");
    expect(update.description).toBe("We have asked the police to check speeds here.");
    expect(checkDate(update.updated_datetime as string, window)).toBe(true);
    const state = mapState(update.status as string, true);
    expect(state).toBe("in progress");
    expect(FIXMYSTREET_VISIBLE_STATES.has(state)).toBe(true);
    // Only the public text is served: the internal reason stays in the case log.
    expect(answer.text).not.toContain("Checked on site by the highways team.");

    // A window that ends before the update leaves it out.
    const earlier = { start: window.start, end: w3cdtf(new Date(before.getTime() - 60 * second)) };
    expect((await poll(earlier, reference)).mine).toEqual([]);
  });

  it("maps a closing update to a closed or fixed state, each update with its own update_id", async () => {
    const reference = (await sentOk(plainReport)).id;
    const before = new Date();
    await addPublicUpdate(stack, reference, "We have asked the police to check speeds here.", "in-progress");
    await addPublicUpdate(stack, reference, "Speed checks are now done twice a week.", "closed");
    const { mine } = await poll(windowAround(before, new Date()), reference);
    expect(mine).toHaveLength(2);
    expect(new Set(mine.map((u) => u.update_id)).size).toBe(2);
    const closing = mine.find((u) => u.description === "Speed checks are now done twice a week.");
    const state = mapState(closing?.status as string, true);
    expect(["closed", "fixed - council", "not responsible", "unable to fix", "duplicate"]).toContain(state);
    // Without extended statuses FixMyStreet reads CLOSED as fixed.
    expect(FIXMYSTREET_VISIBLE_STATES.has(mapState(closing?.status as string, false))).toBe(true);
  });

  it("is keyed like POST: a wrong api_key gets an error FixMyStreet can report", async () => {
    const window = { start_date: "2026-01-01T00:00:00Z", end_date: "2026-01-01T02:00:00Z" };
    expect((await replay(filled(updates, window))).status).toBe(200);
    const wrong = await replay(filled(updates, window, { query: { api_key: "not-our-key" } }));
    expect(wrong.status).toBe(403);
    expect(processError(wrong.text)).toBe("403: api_key is not valid\n");
  });
});

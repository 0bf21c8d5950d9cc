import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModernGovDirectory } from "#adapters/moderngov/moderngov-directory.js";
import type { Case, Destination } from "#core/case/case.js";
import type { Mailer, OutgoingEmail } from "#core/ports/mailer.js";
import { services } from "#core/services/index.js";
import { createDispatchReport } from "#core/use-cases/dispatch-report.js";
import { oneCouncilSending, testCouncil } from "../../helpers/councils.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";

// A report for a parish whose Modern.Gov page shows only the site's own address (its footer is a
// `div`, as many council templates have it) goes to the district, and the case says why: the real
// directory against a fake install, with dispatch as it runs in the Lambda.

const NOW = new Date("2026-12-03T10:00:00.000Z");
const REF = "SPD-AAAA-AAA4";
const DISTRICT_MAILBOX = "highways@exampleshire-vale.example.org";
const CHROME = "democratic.services@exampleshire-vale.example.org";
const LITTLE_WENDLE: Destination = { kind: "parish", code: "E04999002", name: "Little Wendle" };

const footer = `<div class="footer">Democratic Services: <a href="mailto:${CHROME}">${CHROME}</a></div>`;
const INDEX = `<html><body><h1>Parish councils</h1><ul><li><a href="mgParishCouncilDetails.aspx?ID=22">Little Wendle Parish Meeting</a></li></ul>${footer}</body></html>`;
const PAGE = `<html><body><h1 class="mgMainTitleTxt">Little Wendle Parish Meeting</h1><p>No contact details are held for this council.</p>${footer}</body></html>`;

let server: ReturnType<typeof createServer>;
let baseUrl: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? "/";
    const body = { "/mgParishCouncilDetails.aspx": INDEX, "/mgParishCouncilDetails.aspx?ID=22": PAGE }[url];
    if (body) res.writeHead(200).end(body);
    else res.writeHead(404).end("<h1>The resource cannot be found.</h1>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
});

function aCase(): Case {
  return {
    reference: REF,
    service: "speeding",
    status: "new",
    delivery: "queued",
    createdAt: "2026-12-03T09:00:00.000Z",
    updatedAt: "2026-12-03T09:00:00.000Z",
    answers: { danger: "no", "road-type": "residential", outcome: "speedwatch" },
    location: { lat: 51.5, lng: -0.8, roadName: "Mill Lane" },
    description: "Cars race past the school",
    reporter: { name: "Dave Resident", email: "dave@example.net", shareWithParish: false, sharedWith: [] },
    destination: LITTLE_WENDLE,
    routing: { ruleId: "r", requested: "parish", area: LITTLE_WENDLE, reason: "in the parish" },
    retainUntil: Date.parse("2030-01-01T00:00:00Z") / 1000,
  };
}

describe("Dispatch with the Modern.Gov look-up chain", () => {
  it("sends a report for a parish whose only address is page chrome to the district, saying why", async () => {
    const caseStore = new MemoryCaseStore({ now: () => NOW });
    await caseStore.create(aCase(), []);
    const sent: OutgoingEmail[] = [];
    const mailer: Mailer = { send: async (email) => (sent.push(email), { messageId: `m-${sent.length}` }) };
    const directory = new ModernGovDirectory({ baseUrl, minIntervalMs: 0, retryBaseMs: 1 });
    const dispatch = createDispatchReport({
      services,
      caseStore,
      ...oneCouncilSending(directory, testCouncil({ email: DISTRICT_MAILBOX })),
      mailer,
      clock: { now: () => NOW },
    });
    await dispatch(REF);

    const report = sent.find((e) => e.kind === "report");
    expect(report?.to).toEqual([DISTRICT_MAILBOX]);
    const rerouted = (await caseStore.timeline(REF)).find((e) => e.type === "rerouted");
    expect(rerouted?.summary).toContain(
      "the council directory has no email address for Little Wendle's clerk",
    );
    // The page parser or the chain's own screening names the address and why it was not used.
    expect(rerouted?.summary).toMatch(
      new RegExp(`${CHROME.replace(/\./g, "\\.")}[^;]* (every page|page footer)`),
    );
    // The page's only address was screened out, which says why: no "no usable email" on top of it.
    expect(rerouted?.summary).not.toContain("no usable email");
  });
});

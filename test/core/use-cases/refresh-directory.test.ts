import { describe, expect, it } from "vitest";
import { CachedDirectory } from "#adapters/moderngov/cached-directory.js";
import { UpstreamError } from "#core/errors.js";
import type { CachedContact, ContactCache } from "#core/ports/contact-cache.js";
import type { ContactSnapshot, DirectoryBaseline } from "#core/ports/directory-baseline.js";
import type { ClerkContact, ClerkLookup, Directory, ParishRef } from "#core/ports/directory.js";
import type { Mailer, OutgoingEmail } from "#core/ports/mailer.js";
import { createRefreshDirectory, UNREACHABLE_IN_A_ROW } from "#core/use-cases/refresh-directory.js";
import { directoryOf } from "../../helpers/fake-directory.js";

// Issue 17, the weekly clerk directory refresh with in-memory fakes behind the real CachedDirectory:
// one summary to the district team only when something changed since the last summary, an
// unreachable Modern.Gov said to be that (and the old contacts kept), never "every parish lost its
// clerk", and a summary that failed to send is sent by the next run.

const ASHCOMBE: ParishRef = { code: "E04999001", name: "Ashcombe" };
const WENDLE: ParishRef = { code: "E04999002", name: "Great Wendle" };
const LITTLE: ParishRef = { code: "E04999003", name: "Little Wendle" };
const MARSH: ParishRef = { code: "E04999004", name: "St Aldhelm & Marsh" };
const PARISHES = [ASHCOMBE, WENDLE, LITTLE, MARSH];
// Monday 7 December 2026, 06:00 London (GMT).
const NOW = new Date("2026-12-07T06:00:00Z");
const DISTRICT = { email: "highways@district.example", councilName: "Exampleshire Vale District Council" };
const PAGE = "https://signpost.example/staff/directory";

class MemoryContactCache implements ContactCache {
  readonly entries = new Map<string, CachedContact>();
  async get(code: string) {
    return this.entries.get(code);
  }
  async put(code: string, entry: CachedContact) {
    this.entries.set(code, entry);
  }
  async list() {
    return new Map(this.entries);
  }
}

class MemoryBaseline implements DirectoryBaseline {
  snapshots: Map<string, ContactSnapshot> | undefined;
  async get() {
    return this.snapshots && new Map(this.snapshots);
  }
  async put(snapshots: Map<string, ContactSnapshot>) {
    this.snapshots = new Map(snapshots);
  }
}

const contact = (email: string | undefined): ClerkContact => ({
  councilName: "Parish Council",
  ...(email ? { email } : {}),
  source: "https://moderngov.example/mgParishCouncilDetails.aspx?ID=1",
  via: "details-page",
});
const entry = (lookup: ClerkLookup): CachedContact => ({ lookup, fetchedAt: "2026-11-30T06:00:00.000Z" });
const LAST_WEEK: Record<string, string | undefined> = {
  [ASHCOMBE.code]: "clerk@ashcombe.example",
  [WENDLE.code]: "clerk@wendle.example",
  [LITTLE.code]: undefined,
  [MARSH.code]: "clerk@marsh.example",
};
const asLastWeek = (p: ParishRef) => contact(LAST_WEEK[p.code]);
const unreachable = (message: string) => () => {
  throw new UpstreamError("Modern.Gov", message);
};

function setUp(directory: Directory | ((parish: ParishRef) => ClerkContact | undefined)) {
  const cache = new MemoryContactCache();
  const baseline = new MemoryBaseline();
  const sent: OutgoingEmail[] = [];
  const mail = { fails: false };
  const mailer: Mailer = {
    send: async (email) => {
      if (mail.fails) throw new UpstreamError("SES", "throttled");
      sent.push(email);
      return { messageId: `m-${sent.length}` };
    },
  };
  const inner = typeof directory === "function" ? directoryOf(directory) : directory;
  const refreshDirectory = createRefreshDirectory({
    parishes: async () => PARISHES,
    baseline,
    contactCache: cache,
    directory: new CachedDirectory(inner, cache, { now: () => NOW }),
    mailer,
    clock: { now: () => NOW },
    council: DISTRICT,
    directoryPageUrl: PAGE,
  });
  // Last week's cache: Little Wendle had no clerk's address, the others had one.
  for (const parish of PARISHES) {
    const email = LAST_WEEK[parish.code];
    cache.entries.set(
      parish.code,
      entry(
        email
          ? { contact: contact(email), problems: [] }
          : { problems: [{ code: "no-email", message: `no email address for ${parish.name}` }] },
      ),
    );
  }
  return { cache, baseline, sent, mail, refreshDirectory };
}

describe("the weekly clerk directory refresh", () => {
  it("sends nothing when no parish changed, refreshes every entry, and records the baseline", async () => {
    const { cache, baseline, sent, refreshDirectory } = setUp(asLastWeek);
    const run = await refreshDirectory();
    expect(run).toEqual({ checked: 4, changes: [], unreachable: [] });
    expect(sent).toEqual([]);
    expect([...cache.entries.values()].map((e) => e.fetchedAt)).toEqual(Array(4).fill(NOW.toISOString()));
    expect(baseline.snapshots?.get(ASHCOMBE.code)).toEqual({ email: "clerk@ashcombe.example", problems: [] });
  });

  it("emails the district team once: lost, changed and found, each with old → new", async () => {
    const { sent, refreshDirectory } = setUp((p) => {
      if (p === ASHCOMBE) return undefined; // lost its clerk
      if (p === WENDLE) return contact("new.clerk@wendle.example"); // changed
      if (p === LITTLE) return contact("clerk@little.example"); // found
      return contact("CLERK@marsh.example "); // the same mailbox
    });
    const run = await refreshDirectory();
    expect(run.changes.map((c) => [c.parish.name, c.kind, c.before, c.after])).toEqual([
      ["Ashcombe", "lost", "clerk@ashcombe.example", undefined],
      ["Great Wendle", "changed", "clerk@wendle.example", "new.clerk@wendle.example"],
      ["Little Wendle", "found", undefined, "clerk@little.example"],
    ]);
    expect(sent).toHaveLength(1);
    const [email] = sent;
    expect(email?.to).toEqual([DISTRICT.email]);
    expect(email?.reference).toBe("DIRECTORY-2026-12-07");
    expect(email?.kind).toBe("staff-notice");
    expect(email?.subject).toBe("Clerk directory: 3 parishes changed (Monday 7 December 2026)");
    expect(email?.text).toContain("on Monday 7 December 2026 at 06:00");
    expect(email?.text).toContain("Ashcombe (E04999001)\n    Email: clerk@ashcombe.example → no address");
    expect(email?.text).toContain(
      "Why: the council directory has no email address for Ashcombe's clerk (no email address for Ashcombe)",
    );
    expect(email?.text).toContain("Email: clerk@wendle.example → new.clerk@wendle.example");
    expect(email?.text).toContain("Email: no address → clerk@little.example");
    expect(email?.text).toContain(PAGE);
    expect(email?.html).toContain(`<a href="${PAGE}">clerk directory page</a>`);
    expect(run.emailed).toBe("m-1");
  });

  it("reports a change dispatch's own refresh already cached during the week", async () => {
    const { cache, baseline, sent, refreshDirectory } = setUp(asLastWeek);
    await refreshDirectory();
    // Wednesday: dispatch refreshed Great Wendle's stale entry, and found a new clerk.
    cache.entries.set(WENDLE.code, entry({ contact: contact("new.clerk@wendle.example"), problems: [] }));
    const monday = setUp((p) => (p === WENDLE ? contact("new.clerk@wendle.example") : asLastWeek(p)));
    monday.baseline.snapshots = baseline.snapshots;
    monday.cache.entries.set(WENDLE.code, cache.entries.get(WENDLE.code) as CachedContact);
    const run = await monday.refreshDirectory();
    expect(run.changes.map((c) => [c.parish.name, c.kind])).toEqual([["Great Wendle", "changed"]]);
    expect(monday.sent).toHaveLength(1);
    expect(sent).toEqual([]);
  });

  it("sends a summary that failed to send when it runs again, and only once", async () => {
    const { sent, mail, refreshDirectory } = setUp((p) => (p === ASHCOMBE ? undefined : asLastWeek(p)));
    mail.fails = true;
    await expect(refreshDirectory()).rejects.toThrow(/SES/);
    mail.fails = false;
    expect((await refreshDirectory()).changes.map((c) => c.kind)).toEqual(["lost"]);
    expect(await refreshDirectory()).toEqual({ checked: 4, changes: [], unreachable: [] });
    expect(sent).toHaveLength(1);
  });

  it("reports new problems on an unchanged address, but not problems it reported before", async () => {
    const problem = { code: "district-domain" as const, message: "the address is at the district's domain" };
    const { sent, refreshDirectory } = setUp({
      lookUp: async (p) =>
        p === MARSH
          ? { contact: contact("clerk@marsh.example"), problems: [problem] }
          : {
              contact: asLastWeek(p),
              problems: asLastWeek(p).email
                ? []
                : [{ code: "no-email", message: `no email address for ${p.name}` }],
            },
    });
    const first = await refreshDirectory();
    expect(first.changes).toMatchObject([{ kind: "new-problems", parish: MARSH, newProblems: [problem] }]);
    expect(sent[0]?.text).toContain("Problem: the address is at the district's domain");
    expect(sent[0]?.text).toContain("Email: clerk@marsh.example (unchanged)");
    expect((await refreshDirectory()).changes).toEqual([]);
    expect(sent).toHaveLength(1);
  });

  it("does not report problems that need nobody to act, such as a part of Modern.Gov failing this time", async () => {
    const { sent, refreshDirectory } = setUp({
      lookUp: async (p) => ({
        ...(asLastWeek(p).email ? { contact: asLastWeek(p) } : {}),
        problems: [
          { code: "source-unavailable", message: "GetParishCouncils failed (HTTP 500)" },
          { code: "several-addresses", message: "the field held 2 addresses" },
          ...(asLastWeek(p).email
            ? []
            : [{ code: "no-email" as const, message: `no email address for ${p.name}` }]),
        ],
      }),
    });
    expect((await refreshDirectory()).changes).toEqual([]);
    expect(sent).toEqual([]);
  });

  it("says Modern.Gov could not be reached, and keeps every old contact, when no parish answered", async () => {
    const { cache, baseline, sent, refreshDirectory } = setUp(
      unreachable("HTTP 503 from https://moderngov.example/"),
    );
    const before = new Map(cache.entries);
    const run = await refreshDirectory();
    expect(run.changes).toEqual([]);
    expect(run.unreachable.map((u) => u.parish.code)).toEqual(PARISHES.map((p) => p.code));
    expect(cache.entries).toEqual(before);
    expect(baseline.snapshots?.get(ASHCOMBE.code)?.email).toBe("clerk@ashcombe.example");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toBe(
      "Clerk directory: Modern.Gov could not be reached (Monday 7 December 2026)",
    );
    expect(sent[0]?.text).toContain("could not be reached for any of the 4 parishes");
    expect(sent[0]?.text).toContain("What went wrong: Modern.Gov: HTTP 503 from https://moderngov.example/");
    expect(sent[0]?.text).not.toMatch(/No longer have/);
  });

  it("lists parishes it could not check among real changes, and sends nothing for those alone", async () => {
    const flaky = setUp((p) => (p === WENDLE ? unreachable("no answer within 8000 ms")() : asLastWeek(p)));
    const quiet = await flaky.refreshDirectory();
    expect(quiet.unreachable.map((u) => u.parish.name)).toEqual(["Great Wendle"]);
    expect(flaky.sent).toEqual([]);
    // Another week, Ashcombe's clerk also goes: the email names both.
    const next = setUp((p) =>
      p === WENDLE ? unreachable("no answer within 8000 ms")() : p === ASHCOMBE ? undefined : asLastWeek(p),
    );
    await next.refreshDirectory();
    expect(next.sent[0]?.text).toContain(
      "Could not be checked (their previous contact is still used):\n  Great Wendle (E04999002): Modern.Gov: no answer within 8000 ms",
    );
    expect(next.cache.entries.get(WENDLE.code)?.lookup.contact?.email).toBe("clerk@wendle.example");
    // What the summary knew of Great Wendle is kept for the week it answers again.
    expect(next.baseline.snapshots?.get(WENDLE.code)?.email).toBe("clerk@wendle.example");
  });

  it("stops asking after 3 parishes in a row without an answer, and names the rest as not asked", async () => {
    const asked: string[] = [];
    const { cache, baseline, sent, refreshDirectory } = setUp((p) => {
      asked.push(p.name);
      return unreachable("no answer within 8000 ms")();
    });
    const before = new Map(cache.entries);
    const run = await refreshDirectory();
    expect(asked).toEqual(["Ashcombe", "Great Wendle", "Little Wendle"]);
    expect(run.stopped).toBe("unreachable");
    expect(run.unreachable.map((u) => u.error)).toEqual([
      "Modern.Gov: no answer within 8000 ms",
      "Modern.Gov: no answer within 8000 ms",
      "Modern.Gov: no answer within 8000 ms",
      `not asked: Modern.Gov did not answer for the ${UNREACHABLE_IN_A_ROW} parishes before it`,
    ]);
    expect(cache.entries).toEqual(before);
    expect(baseline.snapshots?.get(MARSH.code)?.email).toBe("clerk@marsh.example");
    expect(sent[0]?.subject).toBe(
      "Clerk directory: Modern.Gov could not be reached (Monday 7 December 2026)",
    );
  });

  it("starts counting again when a parish answers between ones that do not", async () => {
    const asked: string[] = [];
    const { refreshDirectory } = setUp((p) => {
      asked.push(p.name);
      return p === LITTLE ? asLastWeek(p) : unreachable("HTTP 500")();
    });
    const run = await refreshDirectory();
    expect(asked).toHaveLength(4);
    expect(run.stopped).toBeUndefined();
  });

  it("when its time runs out asks no more, and still emails which parishes were not checked", async () => {
    // Each look-up takes 20 seconds of the 30 left: the time runs out during the second.
    let timeLeftMs = 30_000;
    const asked: string[] = [];
    const { cache, baseline, sent, refreshDirectory } = setUp((p) => {
      asked.push(p.name);
      timeLeftMs -= 20_000;
      return asLastWeek(p);
    });
    const run = await refreshDirectory({ timeLeftMs: () => timeLeftMs });
    expect(asked).toEqual(["Ashcombe", "Great Wendle"]);
    expect(run.stopped).toBe("out-of-time");
    expect(run.unreachable.map((u) => [u.parish.name, u.error])).toEqual([
      ["Little Wendle", "not asked: the weekly check ran out of time"],
      ["St Aldhelm & Marsh", "not asked: the weekly check ran out of time"],
    ]);
    expect(cache.entries.get(MARSH.code)?.fetchedAt).toBe("2026-11-30T06:00:00.000Z");
    expect(baseline.snapshots?.get(MARSH.code)?.email).toBe("clerk@marsh.example");
    // Nothing changed among the two it asked, but the email still says the check was partial.
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toBe(
      "Clerk directory: 0 parishes changed, 2 parishes not checked (Monday 7 December 2026)",
    );
    expect(sent[0]?.text).toContain("the check ran out of time, so 2 parishes of 4 could not be checked");
    expect(sent[0]?.text).toContain("Nothing changed among the parishes checked.");
    expect(sent[0]?.text).toContain(
      "  St Aldhelm & Marsh (E04999004): not asked: the weekly check ran out of time",
    );
  });

  it("lets other errors fail the run (a bug is not an unreachable Modern.Gov)", async () => {
    const { refreshDirectory } = setUp(() => {
      throw new TypeError("bug");
    });
    await expect(refreshDirectory()).rejects.toThrow(TypeError);
  });
});

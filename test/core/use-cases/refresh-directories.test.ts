import { describe, expect, it } from "vitest";
import { CachedDirectory } from "#adapters/moderngov/cached-directory.js";
import { UpstreamError } from "#core/errors.js";
import type { CachedContact, ContactCache } from "#core/ports/contact-cache.js";
import type { ContactSnapshot, DirectoryBaseline } from "#core/ports/directory-baseline.js";
import type { ClerkContact, ParishRef } from "#core/ports/directory.js";
import type { Mailer, OutgoingEmail } from "#core/ports/mailer.js";
import { createRefreshDirectories } from "#core/use-cases/refresh-directories.js";
import { createRefreshDirectory } from "#core/use-cases/refresh-directory.js";
import { directoryOf } from "../../helpers/fake-directory.js";

// The weekly refresh per council: each council's parishes through its own Modern.Gov, one summary
// per council to its own team from its own address, baselines that never mix, and one council's
// Modern.Gov being down (or its summary failing) leaving the other's run untouched.

const NOW = new Date("2026-12-07T06:00:00Z");
const PAGE = "https://signpost.example/staff/directory";

const VALE = {
  id: "exampleshire-vale",
  name: "Exampleshire Vale District Council",
  email: "highways@exampleshire-vale.example.org",
  senderEmail: "signpost@exampleshire-vale.example.org",
  parishes: [
    { code: "E04999001", name: "Ashcombe" },
    { code: "E04999002", name: "St Aldhelm and Marsh" },
  ],
};
const SALTMERE = {
  id: "saltmere",
  name: "Saltmere Council",
  email: "reports@saltmere.example.org",
  senderEmail: "signpost@saltmere.example.org",
  parishes: [
    { code: "E04999201", name: "Saltmere Without" },
    { code: "E04999202", name: "Brinecombe" },
  ],
};
type TestCouncil = typeof VALE;

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

const contact = (email: string): ClerkContact => ({
  councilName: "Parish Council",
  email,
  source: "https://moderngov.example/mgParishCouncilDetails.aspx?ID=1",
  via: "details-page",
});
const clerkOf = (parish: ParishRef) => `clerk@${parish.name.toLowerCase().replace(/\W+/g, "")}.example`;

/** Two councils over one shared contact cache; `down` names the council whose Modern.Gov fails. */
function setUp(options: { down?: TestCouncil; mailFailsFor?: TestCouncil } = {}) {
  const cache = new MemoryContactCache();
  const sent: OutgoingEmail[] = [];
  const asked: Array<{ council: string; parish: string }> = [];
  const mailer: Mailer = {
    send: async (email) => {
      if (options.mailFailsFor && email.to.includes(options.mailFailsFor.email))
        throw new UpstreamError("SES", "throttled");
      sent.push(email);
      return { messageId: `m-${sent.length}` };
    },
  };
  const baselines = new Map([VALE, SALTMERE].map((c) => [c.id, new MemoryBaseline()]));
  const refresh = createRefreshDirectories(
    [VALE, SALTMERE].map((council) => ({
      council,
      refresh: createRefreshDirectory({
        parishes: async () => council.parishes,
        baseline: baselines.get(council.id) as MemoryBaseline,
        contactCache: cache,
        directory: new CachedDirectory(
          directoryOf((parish) => {
            asked.push({ council: council.id, parish: parish.code });
            if (council === options.down) throw new UpstreamError("Modern.Gov", "HTTP 503");
            return contact(clerkOf(parish));
          }),
          cache,
          { now: () => NOW },
        ),
        mailer,
        clock: { now: () => NOW },
        council: { email: council.email, councilName: council.name, senderEmail: council.senderEmail },
        directoryPageUrl: PAGE,
      }),
    })),
  );
  return { cache, sent, asked, baselines, refresh };
}

const summaryTo = (sent: OutgoingEmail[], council: TestCouncil) => {
  const emails = sent.filter((e) => e.to.includes(council.email));
  expect(emails).toHaveLength(1);
  return emails[0] as OutgoingEmail;
};

describe("the weekly clerk directory refresh, per council", () => {
  it("asks each council's own directory about its own parishes only", async () => {
    const { asked, refresh } = setUp();
    const results = await refresh();
    expect(results.map((r) => [r.council.id, r.run?.checked])).toEqual([
      [VALE.id, 2],
      [SALTMERE.id, 2],
    ]);
    for (const council of [VALE, SALTMERE])
      expect(asked.filter((a) => a.council === council.id).map((a) => a.parish)).toEqual(
        council.parishes.map((p) => p.code),
      );
  });

  it("sends each council one summary, to its team, from its address, naming it and its parishes", async () => {
    const { sent, refresh } = setUp();
    await refresh();
    expect(sent).toHaveLength(2);
    for (const [council, other] of [
      [VALE, SALTMERE],
      [SALTMERE, VALE],
    ] as const) {
      const email = summaryTo(sent, council);
      expect(email.to).toEqual([council.email]);
      expect(email.from).toBe(council.senderEmail);
      expect(email.kind).toBe("staff-notice");
      expect(email.text).toContain(`sent each week by ${council.name}'s Signpost service`);
      expect(email.text).toContain(`contacts of 2 parishes in ${council.name}'s Modern.Gov on`);
      expect(email.text).toContain(PAGE);
      for (const parish of council.parishes) expect(email.text).toContain(`${parish.name} (${parish.code})`);
      for (const parish of other.parishes) expect(email.text).not.toContain(parish.code);
    }
  });

  it("keeps each council's baseline to its own parishes, though the contact cache is shared", async () => {
    const { cache, baselines, refresh } = setUp();
    // Dispatch cached one parish of each council during the week, before any summary.
    for (const council of [VALE, SALTMERE]) {
      const parish = council.parishes[0] as ParishRef;
      cache.entries.set(parish.code, {
        lookup: { contact: contact(clerkOf(parish)), problems: [] },
        fetchedAt: "2026-12-01T06:00:00.000Z",
      });
    }
    await refresh();
    for (const council of [VALE, SALTMERE])
      expect([...(baselines.get(council.id)?.snapshots?.keys() ?? [])].sort()).toEqual(
        council.parishes.map((p) => p.code).sort(),
      );
  });

  it("tells a council whose Modern.Gov is down so, and still refreshes and emails the other", async () => {
    const { sent, cache, refresh } = setUp({ down: SALTMERE });
    const results = await refresh();
    const saltmere = results.find((r) => r.council.id === SALTMERE.id);
    expect(saltmere?.run?.unreachable.map((u) => u.parish.code)).toEqual(
      SALTMERE.parishes.map((p) => p.code),
    );
    const down = summaryTo(sent, SALTMERE);
    expect(down.subject).toBe("Clerk directory: Modern.Gov could not be reached (Monday 7 December 2026)");
    expect(down.from).toBe(SALTMERE.senderEmail);
    const fine = summaryTo(sent, VALE);
    expect(fine.subject).toBe("Clerk directory: 2 parishes changed (Monday 7 December 2026)");
    expect(cache.entries.get("E04999001")?.lookup.contact?.email).toBe("clerk@ashcombe.example");
    expect(cache.entries.has("E04999201")).toBe(false);
  });

  it("returns a council's failure with it, after the other council has run and emailed", async () => {
    const { sent, baselines, refresh } = setUp({ mailFailsFor: VALE });
    const results = await refresh();
    const vale = results.find((r) => r.council.id === VALE.id);
    expect(vale?.error?.message).toMatch(/throttled/);
    // Its baseline keeps last week's (none yet), so the next run reports the same changes.
    expect(baselines.get(VALE.id)?.snapshots).toEqual(new Map());
    expect(results.find((r) => r.council.id === SALTMERE.id)?.run?.emailed).toBe("m-1");
    expect(sent.map((e) => e.to)).toEqual([[SALTMERE.email]]);
  });
});

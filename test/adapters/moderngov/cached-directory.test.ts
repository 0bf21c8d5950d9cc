import { describe, expect, it } from "vitest";
import { CachedDirectory } from "#adapters/moderngov/cached-directory.js";
import { UpstreamError } from "#core/errors.js";
import type { CachedContact, ContactCache } from "#core/ports/contact-cache.js";
import type { ClerkContact, Directory, LookUpOptions, ParishRef } from "#core/ports/directory.js";

const parish = { code: "E04999001", name: "Ashcombe" };
const contact = (email: string): ClerkContact => ({
  councilName: "Ashcombe Parish Council",
  email,
  source: "http://mg/list",
  via: "web-service",
});

const contactOf = async (directory: Directory, p: ParishRef) => (await directory.lookUp(p)).contact;

function setup(answers: Array<ClerkContact | undefined | Error>) {
  const entries = new Map<string, CachedContact>();
  const cache: ContactCache = {
    get: async (code) => entries.get(code),
    put: async (code, entry) => void entries.set(code, entry),
    list: async () => new Map(entries),
  };
  let calls = 0;
  const inner: Directory = {
    lookUp: async () => {
      const answer = answers[Math.min(calls++, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return answer ? { contact: answer, problems: [] } : { problems: [] };
    },
  };
  let now = new Date("2026-11-23T10:00:00Z");
  const directory = new CachedDirectory(inner, cache, {
    freshMs: 60_000,
    staleWhileRevalidateMs: 600_000,
    now: () => now,
  });
  return {
    directory,
    calls: () => calls,
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

describe("Class: CachedDirectory", () => {
  it("uses a fresh contact without asking the directory, and says when it was fetched", async () => {
    const { directory, calls, advance } = setup([contact("a@x.example")]);
    await contactOf(directory, parish);
    advance(30_000);
    expect(await contactOf(directory, parish)).toMatchObject({
      email: "a@x.example",
      fetchedAt: "2026-11-23T10:00:00.000Z",
    });
    expect(calls()).toBe(1);
  });

  it("serves a stale contact at once and refreshes it in the background", async () => {
    const { directory, calls, advance } = setup([contact("old@x.example"), contact("new@x.example")]);
    await contactOf(directory, parish);
    advance(120_000);
    expect((await contactOf(directory, parish))?.email).toBe("old@x.example");
    await directory.settle();
    expect(calls()).toBe(2);
    expect((await contactOf(directory, parish))?.email).toBe("new@x.example");
  });

  it("refreshes a contact too old to serve first, and still serves it if the directory is down", async () => {
    const { directory, advance } = setup([contact("a@x.example"), new UpstreamError("Modern.Gov", "down")]);
    await contactOf(directory, parish);
    advance(3_600_000);
    expect((await contactOf(directory, parish))?.email).toBe("a@x.example");
  });

  it("remembers that a parish has no contact, and throws when there is nothing to fall back on", async () => {
    const none = setup([undefined, contact("late@x.example")]);
    expect(await contactOf(none.directory, parish)).toBeUndefined();
    expect(await contactOf(none.directory, parish)).toBeUndefined();
    expect(none.calls()).toBe(1);
    const down = setup([new UpstreamError("Modern.Gov", "down")]);
    await expect(contactOf(down.directory, parish)).rejects.toBeInstanceOf(UpstreamError);
  });
});

describe("CachedDirectory.refresh", () => {
  it("asks the directory past its own caches, with the deadline given; ordinary look-ups do not", async () => {
    const asked: Array<LookUpOptions | undefined> = [];
    const entries = new Map<string, CachedContact>();
    const inner: Directory = {
      lookUp: async (_p, options) => {
        asked.push(options);
        return { contact: contact("clerk@ashcombe-pc.example"), problems: [] };
      },
    };
    const directory = new CachedDirectory(inner, {
      get: async (code) => entries.get(code),
      put: async (code, entry) => void entries.set(code, entry),
      list: async () => new Map(entries),
    });
    await directory.lookUp(parish);
    await directory.refresh(parish, { deadlineMs: 5500 });
    await directory.lookUp(parish, { fresh: true });
    expect(asked.map((o) => o?.fresh ?? false)).toEqual([false, true, true]);
    expect(asked[1]?.deadlineMs).toBe(5500);
  });
});

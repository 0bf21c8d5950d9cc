import { describe, expect, it } from "vitest";
import {
  attentionSummary,
  directoryRow,
  londonTime,
  matchWords,
} from "../../../functions/http/case-log/directory-view.js";

// The clerk directory in staff's words: times in London, match confidence, and which rows need
// attention.

const PARISH = { kind: "parish" as const, code: "E04999001", name: "Ashcombe" };

describe("londonTime", () => {
  it.each([
    ["2026-12-03T14:05:00.000Z", "3 December 2026 at 2:05pm"],
    ["2026-12-03T00:30:00.000Z", "3 December 2026 at 12:30am"],
    ["2026-12-03T12:00:00.000Z", "3 December 2026 at 12:00pm"],
    // British Summer Time: 23:15 UTC is the next day in London.
    ["2026-06-30T23:15:00.000Z", "1 July 2026 at 12:15am"],
  ])("writes %s as %s", (iso, words) => {
    expect(londonTime(iso)).toBe(words);
  });

  it("leaves what is not a time as it is", () => {
    expect(londonTime("yesterday")).toBe("yesterday");
  });
});

describe("matchWords", () => {
  it.each([
    [{ confidence: 1, how: "exact" as const }, "Exact"],
    [{ confidence: 1, how: "mapped" as const }, "Set in configuration"],
    [{ confidence: 0.9, how: "spelling" as const }, "Close (0.9)"],
    [{ confidence: 0.857, how: "word-breaks" as const }, "Close (0.86)"],
    [{ confidence: 0.6, how: "spelling" as const }, "Loose (0.6)"],
    [{ confidence: 0.8, how: "welsh" as const }, "Welsh name (0.8)"],
  ])("says %o as %s", (match, words) => {
    expect(matchWords({ title: "Ashcombe Parish Council", ...match })).toBe(words);
  });
});

describe("attentionSummary", () => {
  it.each([
    [0, "No parishes need attention"],
    [1, "1 parish needs attention"],
    [3, "3 parishes need attention"],
  ])("counts %i", (count, words) => {
    expect(attentionSummary(count)).toBe(words);
  });
});

describe("directoryRow", () => {
  const found = {
    fetchedAt: "2026-12-01T09:30:00.000Z",
    lookup: {
      contact: {
        councilName: "Ashcombe Parish Council",
        email: "clerk@ashcombe.example",
        source: "https://democracy.example.gov.uk/mgWebService.asmx/GetParishCouncils",
        via: "web-service" as const,
      },
      problems: [],
    },
  };

  it("needs no attention for a contact with an address and no problems", () => {
    expect(directoryRow(PARISH, found, undefined, undefined)).toMatchObject({
      lookedUp: true,
      email: "clerk@ashcombe.example",
      sourceWords: "Modern.Gov web service",
      sourceUrl: "https://democracy.example.gov.uk/mgWebService.asmx/GetParishCouncils",
      fetched: "1 December 2026 at 9:30am",
      problems: [],
      needsAttention: false,
    });
  });

  it("needs attention when never looked up, or with no address", () => {
    expect(directoryRow(PARISH, undefined, undefined, undefined)).toMatchObject({
      lookedUp: false,
      needsAttention: true,
    });
    const none = directoryRow(
      PARISH,
      { fetchedAt: found.fetchedAt, lookup: { problems: [] } },
      undefined,
      undefined,
    );
    expect(none.needsAttention).toBe(true);
    expect(none.problems.map((p) => p.tag)).toEqual(["No email address"]);
  });

  it("does not count an informational problem, and does count a bounce of the address in use", () => {
    const several = {
      ...found,
      lookup: { ...found.lookup, problems: [{ code: "several-addresses" as const, message: "two" }] },
    };
    expect(directoryRow(PARISH, several, undefined, undefined).needsAttention).toBe(false);
    const bounced = directoryRow(PARISH, several, undefined, {
      parishCode: PARISH.code,
      address: "Clerk@Ashcombe.example",
      at: "2026-12-02T10:00:00.000Z",
      reference: "SPD-AAAA-AAA4",
    });
    expect(bounced.needsAttention).toBe(true);
    expect(bounced.problems[0]?.tag).toBe("Bounced");
  });

  it("shows an override instead of Modern.Gov's contact and its problems", () => {
    const chrome = {
      fetchedAt: found.fetchedAt,
      lookup: { problems: [{ code: "page-chrome" as const, message: "footer address" }] },
    };
    const row = directoryRow(
      PARISH,
      chrome,
      {
        parishCode: PARISH.code,
        councilName: "Ashcombe Parish Council",
        email: "override@ashcombe.example",
        reason: "Phoned",
        setBy: "staff@example.org",
        setAt: "2026-12-02T10:00:00.000Z",
      },
      undefined,
    );
    expect(row).toMatchObject({
      overridden: true,
      email: "override@ashcombe.example",
      sourceWords: "Override set by staff",
      fetched: "2 December 2026 at 10:00am",
      problems: [],
      needsAttention: false,
    });
    expect(row.sourceUrl).toBeUndefined();
    expect(row.sourceText).toBeUndefined();
  });
});

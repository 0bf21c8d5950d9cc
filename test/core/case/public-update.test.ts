import { describe, expect, it } from "vitest";
import type { CaseStatus } from "#core/case/case.js";
import {
  DEFAULT_PUBLIC_STATUS,
  isPublicStatus,
  PUBLIC_STATUSES,
  publicStatusesFor,
} from "#core/case/public-update.js";

// The public statuses officers choose from, and the codes FixMyStreet reads: its map_state
// lower-cases a code and turns underscores into spaces, then maps FIXED, NOT_COUNCILS_RESPONSIBILITY,
// NO_FURTHER_ACTION, OPEN and CLOSED, and keeps IN_PROGRESS, ACTION_SCHEDULED, INVESTIGATING and
// DUPLICATE as its own states of those names.

const CASE_STATUSES: CaseStatus[] = ["new", "in-progress", "closed"];
const FIXMYSTREET_CODES = [
  "OPEN",
  "INVESTIGATING",
  "IN_PROGRESS",
  "ACTION_SCHEDULED",
  "FIXED",
  "NOT_COUNCILS_RESPONSIBILITY",
  "DUPLICATE",
  "NO_FURTHER_ACTION",
  "CLOSED",
];

describe("public statuses", () => {
  it("use exactly the codes FixMyStreet maps, each once, each with words for officers", () => {
    const codes = Object.values(PUBLIC_STATUSES).map((s) => s.open311);
    expect([...codes].sort()).toEqual([...FIXMYSTREET_CODES].sort());
    for (const { label, open311 } of Object.values(PUBLIC_STATUSES)) {
      expect(label).not.toBe(open311);
      expect(label).toMatch(/^[A-Z][a-z' ]+$/);
    }
  });

  it("offer with each case status only the ones that fit it, its default among them", () => {
    expect(publicStatusesFor("new")).toEqual(["open"]);
    expect(publicStatusesFor("in-progress")).toEqual(["investigating", "in-progress", "action-scheduled"]);
    expect(publicStatusesFor("closed")).toEqual([
      "fixed",
      "not-councils-responsibility",
      "duplicate",
      "no-further-action",
      "closed",
    ]);
    for (const status of CASE_STATUSES) {
      expect(publicStatusesFor(status)).toContain(DEFAULT_PUBLIC_STATUS[status]);
    }
  });

  it("are recognised by their own names only", () => {
    expect(isPublicStatus("fixed")).toBe(true);
    for (const other of ["FIXED", "constructor", "toString", "__proto__", ""]) {
      expect(isPublicStatus(other)).toBe(false);
    }
  });
});

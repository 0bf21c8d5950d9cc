import { describe, expect, it } from "vitest";
import { event } from "#core/case/timeline.js";
import { visibleTimeline } from "#http/case-log/role-view.js";
import type { StaffIdentity } from "#http/case-log/token-verifier.js";

const clerk: StaffIdentity = {
  sub: "clerk-1",
  role: "clerk",
  parish: "E04999001",
  expiresAt: 2_000_000_000,
  sessionId: "s",
};
const words = { bodyName: () => undefined, bodyNameForArea: () => undefined };
const at = new Date("2026-12-03T10:00:00Z");

describe("Function: visibleTimeline (who did it, for a clerk)", () => {
  it("names a resident's own update as the resident's, and staff as district staff", () => {
    const lines = visibleTimeline(
      [
        event(
          at,
          "client-update",
          "Update from the resident's app: still fast",
          { visibleToParish: true },
          "resident",
        ),
        event(at, "status-changed", "Status new → closed: done", { from: "new", to: "closed" }, "officer-7"),
      ],
      clerk,
      words,
    );
    expect(lines.map((l) => l.who)).toEqual(["The resident", "Council staff"]);
  });
});

import { describe, expect, it } from "vitest";
import { event } from "#core/case/timeline.js";
import { clerkLinkActor, clerkLinkBodyOf } from "#core/links/clerk-actor.js";
import { visibleTimeline } from "#http/case-log/role-view.js";
import { whoDidIt } from "#http/case-log/timeline-words.js";
import type { StaffIdentity } from "#http/case-log/token-verifier.js";

// How the case log shows a clerk's one-click answer: by the clerk of the body the email went to.

const words = {
  bodyName: (code: string) => (code === "E04999001" ? "Ashcombe Parish Council" : undefined),
  bodyNameForArea: () => undefined,
};

describe("a clerk's answer by email link in the case log", () => {
  it("names the clerk of the body, for staff and clerks alike", () => {
    const actor = clerkLinkActor("E04999001");
    expect(actor).toBe("clerk-link:E04999001");
    expect(clerkLinkBodyOf(actor)).toBe("E04999001");
    expect(whoDidIt(actor, "me@district.example", true, words)).toBe(
      "The clerk of Ashcombe Parish Council, by email link",
    );
    expect(whoDidIt(actor, "me@district.example", false, words)).toBe(
      "The clerk of Ashcombe Parish Council, by email link",
    );
    // A body the district no longer has keeps its code.
    expect(whoDidIt(clerkLinkActor("E04000000"), "me", true, words)).toBe(
      "The clerk of E04000000, by email link",
    );
  });

  it("is not taken for anyone else", () => {
    expect(clerkLinkBodyOf("clerk-link:")).toBeUndefined();
    expect(clerkLinkBodyOf("officer@district.example")).toBeUndefined();
    expect(whoDidIt("officer@district.example", "me", false, words)).toBe("Council staff");
  });

  it("shows on each role's timeline", () => {
    const timeline = [
      event(
        new Date("2026-12-03T10:00:00Z"),
        "public-update",
        "Told the public “Open”: Ashcombe Parish Council has received your report and will look at it.",
        { visibleToParish: true, linkId: "l1" },
        clerkLinkActor("E04999001"),
      ),
    ];
    const session = { expiresAt: 0, sessionId: "s" };
    const identities: StaffIdentity[] = [
      { role: "staff", sub: "s1", email: "officer@district.example", ...session },
      { role: "clerk", sub: "c1", email: "clerk@ashcombe.example", parish: "E04999001", ...session },
    ];
    for (const identity of identities) {
      const [line] = visibleTimeline(timeline, identity, words);
      expect(line?.who).toBe("The clerk of Ashcombe Parish Council, by email link");
    }
  });
});

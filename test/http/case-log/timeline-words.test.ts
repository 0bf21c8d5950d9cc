import { describe, expect, it } from "vitest";
import { event, TIMELINE_EVENT_TYPES, type TimelineEvent } from "#core/case/timeline.js";
import { TIMELINE_WORDS, timelineSentence, whoDidIt } from "#http/case-log/timeline-words.js";

// Every event on a case's timeline reads as a sentence an officer understands, worded when the
// page is shown, so events stored before the words read as well as new ones.

const at = new Date("2026-12-03T10:00:00Z");
const names: Record<string, string> = {
  E04999001: "Ashcombe Parish Council",
  E04999004: "Little Wendle Parish Meeting",
  E07999999: "Exampleshire Vale District Council",
};
const ctx = {
  bodyName: (code: string) => names[code],
  bodyNameForArea: (name: string) => (name === "Ashcombe" ? names.E04999001 : undefined),
};
const staff = { staffText: true };
const clerk = { staffText: false };
const say = (e: TimelineEvent, options = staff) => timelineSentence(e, ctx, options);

describe("Map: TIMELINE_WORDS", () => {
  it("has words for every type of event, and for no type that does not exist", () => {
    expect(Object.keys(TIMELINE_WORDS).sort()).toEqual([...TIMELINE_EVENT_TYPES].sort());
  });

  it.each(TIMELINE_EVENT_TYPES)("words %s as a sentence without its code", (type) => {
    // With no data at all (the least an old event may carry), and a summary some types show as stored.
    const sentence = say(event(at, type, "Stored words"));
    expect(sentence).toMatch(/^[A-Z]/);
    if (type.includes("-")) expect(sentence).not.toContain(type);
    expect(sentence).not.toMatch(/undefined|\[object/);
  });
});

describe("Function: timelineSentence", () => {
  it.each<[string, TimelineEvent, string]>([
    [
      "a status change, from its codes and its stored reason",
      event(at, "status-changed", "Status new → in-progress: Rang the clerk: twice", {
        from: "new",
        to: "in-progress",
      }),
      "Status changed from New to In progress: Rang the clerk: twice",
    ],
    [
      "a staff re-route with its reason",
      event(
        at,
        "rerouted",
        "Re-routed by staff from Ashcombe to Little Wendle, without the resident's contact details: Their lay-by",
        { from: "E04999001", to: "E04999004" },
        "officer@district.example",
      ),
      "Re-routed from Ashcombe Parish Council to Little Wendle Parish Meeting, without the resident's contact details: Their lay-by",
    ],
    [
      "a staff re-route stored before reasons",
      event(
        at,
        "rerouted",
        "Re-routed by staff from Ashcombe to Exampleshire Vale",
        { from: "E04999001", to: "E07999999" },
        "o",
      ),
      "Re-routed from Ashcombe Parish Council to Exampleshire Vale District Council",
    ],
    [
      "dispatch's fallback, with Signpost's reason",
      event(
        at,
        "rerouted",
        "Sent to Exampleshire Vale District Council instead: the parish has no clerk email",
        {
          from: "E04999001",
          to: "E07999999",
        },
      ),
      "Sent to Exampleshire Vale District Council instead of Ashcombe Parish Council: the parish has no clerk email",
    ],
    [
      "a clerk's bounce",
      event(at, "rerouted", "Re-routed to Exampleshire Vale because …", {
        from: "E04999001",
        to: "E07999999",
        bounced: "clerk@ashcombe.example.org",
      }),
      "Re-routed from Ashcombe Parish Council to Exampleshire Vale District Council because the parish clerk's email address bounced",
    ],
    [
      "the report's email",
      event(at, "sent", "Emailed to Ashcombe Parish Council", { recipient: "clerk@ashcombe.example.org" }),
      "Report emailed to Ashcombe Parish Council",
    ],
    [
      "a bounce stored with the address in its summary",
      event(at, "bounced", "Bounced by clerk@ashcombe.example.org", {
        recipients: "clerk@ashcombe.example.org",
      }),
      "Email bounced",
    ],
    [
      "a received report",
      event(at, "submitted", "Report received; routed to Ashcombe"),
      "Report received, for Ashcombe Parish Council",
    ],
    ["a note", event(at, "note", "Rang the clerk", undefined, "o"), "Note: Rang the clerk"],
    [
      "a dead letter",
      event(at, "dead-lettered", "Not sent after 3 attempts", { attempts: 3 }),
      "Not sent after 3 attempts: waiting for staff to send it again",
    ],
    [
      "a link",
      event(at, "duplicate-linked", "…", { other: "SPD-BBBB-BBB1" }),
      "Linked as a possible duplicate of SPD-BBBB-BBB1",
    ],
  ])("words %s", (_, e, sentence) => {
    expect(say(e)).toBe(sentence);
  });

  it("leaves out the staff's reasons where they may not be shown", () => {
    expect(
      say(
        event(at, "status-changed", "Status new → closed: Rang Ada on 07700 900123", {
          from: "new",
          to: "closed",
        }),
        clerk,
      ),
    ).toBe("Status changed to Closed");
    expect(
      say(
        event(
          at,
          "rerouted",
          "Re-routed by staff from Ashcombe to Little Wendle: Ada asked",
          { from: "E04999001", to: "E04999004" },
          "o",
        ),
        clerk,
      ),
    ).toBe("Re-routed from Ashcombe Parish Council to Little Wendle Parish Meeting");
  });

  it("names an area the district no longer has by its code, and a type it does not know as stored", () => {
    expect(say(event(at, "rerouted", "…", { from: "E04000001", to: "E07999999" }, "o"))).toBe(
      "Re-routed from E04000001 to Exampleshire Vale District Council",
    );
    const future = { at: at.toISOString(), type: "escalated", actor: "system", summary: "Escalated" };
    expect(say(future as unknown as TimelineEvent)).toBe("Escalated");
  });
});

describe("Function: whoDidIt", () => {
  it.each([
    ["me@district.example", true, "You"],
    ["system", true, "Signpost"],
    ["resident", false, "The resident"],
    ["officer@district.example", true, "officer@district.example"],
    ["officer@district.example", false, "Council staff"],
  ])("words %s (staff names shown: %s) as %s", (actor, namesStaff, words) => {
    expect(whoDidIt(actor, "me@district.example", namesStaff)).toBe(words);
  });
});

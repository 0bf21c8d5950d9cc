import { describe, expect, it } from "vitest";
import { reportInputSchema } from "#core/input/report-input.js";
import { isWellFormed, toWellFormed } from "#core/input/text-rules.js";
import { fieldIssues } from "#http/zod-issues.js";

// Issue 15, findings 4, 8 and 11: single-line fields take one plain line, every field is
// well-formed Unicode, and a name is a name.

const valid = {
  service: "speeding",
  answers: { danger: "no", "road-type": "residential", outcome: "speedwatch" },
  location: { lat: 54.5, lng: 2.3 },
  description: "Cars race down the hill at school time.",
};

const issuesFor = (body: unknown) => {
  const result = reportInputSchema.safeParse(body);
  return result.success ? [] : fieldIssues(result.error);
};

/** Characters no single-line field takes, by what they are. */
const NOT_ONE_LINE: Array<[string, string]> = [
  ["LF", "\n"],
  ["CR", "\r"],
  ["tab", "\t"],
  ["NUL", "\u0000"],
  ["ESC", "\u001B"],
  ["DEL", "\u007F"],
  ["C1 CSI", "\u009B"],
  ["NEL", "\u0085"],
  ["line separator", "\u2028"],
  ["paragraph separator", "\u2029"],
  ["arabic letter mark", "\u061C"],
  ["left-to-right mark", "\u200E"],
  ["right-to-left mark", "\u200F"],
  ["left-to-right embedding", "\u202A"],
  ["right-to-left override", "\u202E"],
  ["left-to-right isolate", "\u2066"],
  ["pop directional isolate", "\u2069"],
];

/** Each single-line field of a report: its path, a valid value, how to place a value, its label. */
const SINGLE_LINE: Array<[string, string, (value: string) => object, string]> = [
  ["reporter.name", "Sam Jones", (v) => ({ reporter: { name: v } }), "Name"],
  ["roadName", "Mill Lane", (v) => ({ roadName: v }), "Road name"],
  ["when", "Weekday mornings", (v) => ({ when: v }), "When"],
  ["reporter.email", "sam@example.com", (v) => ({ reporter: { email: v } }), "Email address"],
  ["reporter.phone", "01632 960 001", (v) => ({ reporter: { phone: v } }), "Telephone number"],
  ["location.postcode", "ZX1 2AB", (v) => ({ location: { postcode: v } }), "Postcode"],
];

describe("Single-line fields", () => {
  describe.each(SINGLE_LINE)("%s", (field, good, place, label) => {
    it("takes a plain value", () => {
      expect(issuesFor({ ...valid, ...place(good) })).toEqual([]);
    });

    it.each(NOT_ONE_LINE)("refuses a %s, at the end or in the middle", (_what, char) => {
      const message = `${label} must not contain line breaks or hidden formatting characters`;
      const middle = `${good.slice(0, 3)}${char}${good.slice(3)}`;
      expect(issuesFor({ ...valid, ...place(middle) })).toEqual([{ field, message }]);
      expect(issuesFor({ ...valid, ...place(`${good}${char}`) })).toEqual([{ field, message }]);
    });

    it("refuses an unpaired surrogate", () => {
      expect(issuesFor({ ...valid, ...place(`${good}\uD800`) })).toEqual([
        { field, message: `${label} must be valid Unicode text: it contains an unpaired surrogate` },
      ]);
    });
  });

  it("refuses the issue's example name: a line break, a fake notice and a link", () => {
    const name = "Sam.\n\nACTION NEEDED: your parking fine is unpaid. Pay at https://evil.example/pay";
    expect(issuesFor({ ...valid, reporter: { name } })).toEqual([
      {
        field: "reporter.name",
        message: "Name must not contain line breaks or hidden formatting characters",
      },
    ]);
  });
});

describe("Names", () => {
  it.each([
    "Sam",
    "Mary-Jane O'Neil",
    "Siobhán Ní Bhriain",
    "J. R. R. Tolkien",
    "Dr. Priya Patel",
    "Anne-Marie D\u2019Arcy",
    "Zoë Łukasiewicz",
    "محمد علي",
    "李小龍",
  ])("takes %j", (name) => {
    expect(issuesFor({ ...valid, reporter: { name } })).toEqual([]);
  });

  it.each(["Sam http://evil.example", "Pay at www.evil", "evil.example", "Sam bit.ly", "HTTPS:"])(
    "refuses the web address in %j",
    (name) => {
      expect(issuesFor({ ...valid, reporter: { name } })).toEqual([
        { field: "reporter.name", message: "Name must not contain a web address" },
      ]);
    },
  );

  it.each(["Sam 2", "Sam & Co", "Sam!", "@sam", "-Sam", "'", "Sam (resident)"])(
    "refuses %j as not a name",
    (name) => {
      expect(issuesFor({ ...valid, reporter: { name } })).toEqual([
        {
          field: "reporter.name",
          message: "Name can only contain letters, spaces, hyphens, apostrophes and full stops",
        },
      ]);
    },
  );
});

describe("Free text (the description)", () => {
  const description = (text: string) => reportInputSchema.parse({ ...valid, description: text }).description;

  it("keeps tabs and line breaks, and reads NEL, LS and PS as line breaks", () => {
    expect(description("One\ttwo\r\nthree\nfour")).toBe("One\ttwo\r\nthree\nfour");
    expect(description("One\u0085two\u2028three\u2029four")).toBe("One\ntwo\nthree\nfour");
  });

  it("keeps the bidi marks right-to-left writing needs", () => {
    expect(description("שלום\u200F (Hebrew) and مرحبا\u061C")).toBe("שלום\u200F (Hebrew) and مرحبا\u061C");
  });

  it.each([
    ["NUL", "\u0000"],
    ["ESC", "\u001B"],
    ["vertical tab", "\u000B"],
    ["DEL", "\u007F"],
    ["C1 CSI", "\u009B"],
    ["right-to-left override", "\u202E"],
    ["left-to-right embedding", "\u202A"],
    ["first strong isolate", "\u2068"],
  ])("refuses a %s", (_what, char) => {
    expect(issuesFor({ ...valid, description: `Cars ${char}race` })).toEqual([
      {
        field: "description",
        message:
          "Description must not contain control characters or characters that change the direction of text",
      },
    ]);
  });

  it.each(["\uD800", "\uDFFF", "x\uDC00\uD800y", "\uDBFF"])("refuses the unpaired surrogate in %j", (bad) => {
    expect(issuesFor({ ...valid, description: `Cars ${bad}` })).toEqual([
      {
        field: "description",
        message: "Description must be valid Unicode text: it contains an unpaired surrogate",
      },
    ]);
  });

  it("takes a paired surrogate (an emoji)", () => {
    expect(description("Cars 🚗 race")).toBe("Cars 🚗 race");
  });
});

describe("Every other text field is well-formed too", () => {
  it("names an answer, a question id and the service with an unpaired surrogate", () => {
    expect(issuesFor({ ...valid, service: "speeding\uD800" })).toEqual([
      { field: "service", message: "Service must be valid Unicode text: it contains an unpaired surrogate" },
    ]);
    expect(issuesFor({ ...valid, answers: { ...valid.answers, danger: "no\uDC00" } })).toEqual([
      {
        field: "answers.danger",
        message: "Each answer must be valid Unicode text: it contains an unpaired surrogate",
      },
    ]);
    // zod words a bad record key with the record's own message; the key is named well-formed.
    expect(issuesFor({ ...valid, answers: { "\uD800": "no" } })).toEqual([
      { field: "answers.\uFFFD", message: "Answers must be an object of question id to answer" },
    ]);
  });
});

describe("Function: isWellFormed", () => {
  it("toWellFormed replaces only unpaired surrogates", () => {
    expect(toWellFormed("a\uD800b🚗\uDC00")).toBe("a\uFFFDb🚗\uFFFD");
  });

  it("agrees with String.prototype.isWellFormed (Node 20 and later)", () => {
    const native = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed();
    const samples = [
      "",
      "a",
      "🚗",
      "\uD83D",
      "\uDE97",
      "\uDE97\uD83D",
      "a\uD800b",
      "\uD800\uDC00\uDC00",
      "é",
    ];
    for (const sample of samples) expect(isWellFormed(sample)).toBe(native(sample));
  });
});

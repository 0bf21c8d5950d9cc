import { describe, expect, it } from "vitest";
import { clientDataFor, httpsLink, plainLine, signpostSentence } from "#core/email/client-data.js";
import { aClientCase, NOT_LINKS, PHOTO, RESIDENT } from "../../helpers/client-data-case.js";

// The client's extras made ready for a reader: which addresses become links, what one line of text
// means, and what a reader without the resident's consent is not given.

describe("httpsLink", () => {
  it("makes links of plain https addresses only", () => {
    expect(httpsLink(PHOTO)).toEqual({ href: PHOTO, host: "www.fixmystreet.com" });
    for (const raw of [
      ...NOT_LINKS,
      "ftp://files.example/a.jpg",
      "//photos.example/a.jpg",
      "photo.jpg",
      "",
    ]) {
      expect(httpsLink(raw), raw).toBeUndefined();
    }
  });

  it("gives the parsed form: markup and spaces percent-encoded, the host in ASCII", () => {
    expect(httpsLink(`https://photos.example/a b"<x>.jpg`)?.href).toBe(
      "https://photos.example/a%20b%22%3Cx%3E.jpg",
    );
    expect(httpsLink("https://bücher.example/a.jpg")?.host).toBe("xn--bcher-kva.example");
  });

  it("refuses an overlong address rather than cutting it", () => {
    expect(httpsLink(`https://photos.example/${"a".repeat(2100)}`)).toBeUndefined();
  });
});

describe("plainLine", () => {
  it("turns line breaks, other controls and direction overrides into single spaces", () => {
    expect(plainLine(" a\r\nb\u0000c\u202Ed\u2066e\tf ")).toBe("a b c d e f");
  });
});

describe("signpostSentence", () => {
  it("says the app could not show it, and does not double a full stop", () => {
    expect(signpostSentence({ ruleId: "r", title: "Call 999 now", message: "Then tell us." })).toBe(
      "The resident's app could not show them this before they sent the report: Call 999 now. Then tell us.",
    );
    expect(signpostSentence({ ruleId: "r", title: "Stop!", message: "Now." })).toContain(
      "report: Stop! Now.",
    );
  });
});

describe("clientDataFor", () => {
  it("is undefined when the client sent nothing beyond our fields", () => {
    expect(clientDataFor(aClientCase({ fromClient: undefined }), true)).toBeUndefined();
    expect(
      clientDataFor(aClientCase({ fromClient: { attributes: [], mediaUrls: [] } }), true),
    ).toBeUndefined();
  });

  it("gives a reader with the resident's consent everything, each value one line", () => {
    const data = clientDataFor(aClientCase(), true);
    expect(data?.attributes.map((a) => a.code)).toEqual([
      "fixmystreet_id",
      "closest_address",
      "<script>alert('code')</script>",
      "last_name",
      "note",
    ]);
    expect(data?.attributes[1]?.value).toBe("12 Mill Lane Bcc: victim@example.org");
    expect(data?.photos.map((p) => p.host)).toEqual(["www.fixmystreet.com", "photos.example"]);
    expect(data?.linksLeftOut).toBe(NOT_LINKS.length);
    expect(data?.withheld).toBe(0);
  });

  it("keeps from a reader without consent anything naming or holding the resident's details", () => {
    const withDetails = aClientCase({
      fromClient: {
        attributes: [
          { code: "attribute[Last-Name]", value: "Smith" },
          { code: "fms_extra_title", value: "Mrs" },
          { code: "email", value: "someone@example.org" },
          { code: "report_note", value: `Ring ${RESIDENT.phone.replace(" ", "-")}` },
          { code: "who", value: `DOROTHY said so` },
          { code: "contact", value: "later" },
          { code: "closest_address", value: "12 Mill Lane" },
        ],
        mediaUrls: [`https://photos.example/?from=${encodeURIComponent(RESIDENT.email)}`, PHOTO],
        notUsed: [
          { field: "phone", reason: "no digits" },
          { field: "first_name", reason: "not a person's name" },
          { field: "media_url", reason: "more than 5 photos" },
        ],
      },
    });
    const data = clientDataFor(withDetails, false);
    expect(data?.attributes).toEqual([{ code: "closest_address", value: "12 Mill Lane" }]);
    expect(data?.photos.map((p) => p.href)).toEqual([PHOTO]);
    expect(data?.notUsed).toEqual([{ field: "media_url", reason: "more than 5 photos" }]);
    expect(data?.withheld).toBe(9);
  });

  it("does not hold back what merely shares letters with a name (words, not substrings)", () => {
    const data = clientDataFor(
      aClientCase({ fromClient: { attributes: [{ code: "surface", value: "Quilted tarmac" }] } }),
      false,
    );
    expect(data?.attributes).toEqual([{ code: "surface", value: "Quilted tarmac" }]);
  });
});

describe("clientDataFor, for a reader without the resident's consent", () => {
  const shownCodes = (attributes: Array<{ code: string; value: string }>) =>
    clientDataFor(
      aClientCase({ fromClient: { attributes }, reporter: { ...RESIDENT, shareWithParish: false } }),
      false,
    )?.attributes.map((a) => a.code) ?? [];

  it("holds back the resident's phone however it is written, and anyone's email or phone", () => {
    expect(
      shownCodes([
        { code: "fixmystreet_id", value: "4242" },
        { code: "uprn", value: "100012345678" },
        { code: "easting", value: "673446" },
        { code: "note", value: "ring +44 7700 900123" },
        { code: "reply_to", value: "jo@localhost" },
        { code: "other", value: "or 01632 960 001 after six" },
      ]),
    ).toEqual(["fixmystreet_id", "uprn", "easting"]);
  });

  it("holds back codes that name a way to reach someone", () => {
    expect(
      shownCodes([
        { code: "contact_number", value: "n/a" },
        { code: "mobile_number", value: "n/a" },
        { code: "reporter_title", value: "Mx" },
        { code: "closest_address", value: "12 Mill Lane" },
      ]),
    ).toEqual(["closest_address"]);
  });
});

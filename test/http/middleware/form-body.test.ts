import { describe, expect, it } from "vitest";
import { UnreadableInputError } from "#core/errors.js";
import { MAX_FORM_BYTES, readForm, readFormBody } from "../../../functions/http/middleware/form-body.js";
import { OPEN311_FORM } from "../../../functions/http/open311/post-request.js";
import { pageEvent } from "./helpers.js";

// Issue 15, finding 8 at the form edge: every form value is well-formed Unicode. URLSearchParams
// would turn bytes that are not UTF-8 into U+FFFD; the form refuses them instead, naming the field.

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const read = (body: string, isBase64Encoded = false) =>
  readFormBody({ ...pageEvent({ method: "POST", headers: FORM, body }), isBase64Encoded });
const refusal = (body: string, isBase64Encoded = false) => {
  try {
    read(body, isBase64Encoded);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe("readFormBody: well-formed text only", () => {
  it("reads UTF-8 text, plus signs and a literal % as URLSearchParams does", () => {
    expect({ ...read("note=Caf%C3%A9+%F0%9F%9A%97&reason=100%&x=%zz") }).toEqual({
      note: "Café 🚗",
      reason: "100%",
      x: "%zz",
    });
  });

  it.each([
    ["a UTF-8-encoded surrogate", "note=%ED%A0%80"],
    ["a lone continuation byte", "note=ok&reason=%80"],
    ["a truncated sequence", "reason=%E2%82"],
    ["an overlong encoding", "note=%C0%AF"],
  ])("refuses %s, naming the field", (_what, body) => {
    const error = refusal(body);
    expect(error).toBeInstanceOf(UnreadableInputError);
    expect((error as UnreadableInputError).reason).toBe("malformed");
    expect((error as Error).message).toMatch(/^The form field (note|reason) is not valid UTF-8 text$/);
  });

  it("does not repeat a field name that is not plain", () => {
    expect((refusal("%3Cb%3E=%FF") as Error).message).toBe("A form field is not valid UTF-8 text");
  });

  it("refuses an unpaired surrogate in the body's text and bytes that are not UTF-8 in a base64 body", () => {
    expect((refusal("note=a\uD800") as Error).message).toBe("The form is not valid Unicode text");
    const bad = Buffer.from([0x6e, 0x3d, 0xff]).toString("base64");
    expect((refusal(bad, true) as Error).message).toBe("The form must be UTF-8 text");
    expect({ ...read(Buffer.from("note=Café").toString("base64"), true) }).toEqual({ note: "Café" });
  });
});

describe("readForm: bounds and repeated fields", () => {
  const form = (body: string, isBase64Encoded = false) => ({
    ...pageEvent({ method: "POST", headers: FORM, body }),
    isBase64Encoded,
  });

  it("keeps the first value of each field, and every value in order in pairs", () => {
    const read = readForm(form("media_url=a&x=1&media_url=b&x=2"), OPEN311_FORM);
    expect({ ...read.fields }).toEqual({ media_url: "a", x: "1" });
    expect(read.pairs).toEqual([
      ["media_url", "a"],
      ["x", "1"],
      ["media_url", "b"],
      ["x", "2"],
    ]);
    expect(read.files).toBe(0);
  });

  it("takes a larger Open311 body than a page's form, and refuses past each bound", () => {
    // A 4,000-character description of three-byte characters, percent-encoded: 36 KB.
    const body = new URLSearchParams({ description: "道".repeat(4000) }).toString();
    expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_FORM_BYTES);
    expect(readForm(form(body), OPEN311_FORM).fields.description).toHaveLength(4000);
    expect((refusal(body) as UnreadableInputError).reason).toBe("too-large");
    const over = `a=${"x".repeat(OPEN311_FORM.maxBytes)}`;
    const tooLarge = (() => {
      try {
        readForm(form(Buffer.from(over).toString("base64"), true), OPEN311_FORM);
      } catch (error) {
        return error as UnreadableInputError;
      }
      return undefined;
    })();
    expect(tooLarge?.reason).toBe("too-large");
  });

  it("refuses a field name past the bound, which Open311 sets higher", () => {
    const long = `attribute[${"c".repeat(100)}]=1`;
    expect((refusal(long) as Error).message).toBe("The form has a field we do not take");
    expect(readForm(form(long), OPEN311_FORM).pairs).toHaveLength(1);
  });
});

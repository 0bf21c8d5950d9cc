import { describe, expect, it } from "vitest";
import { UnreadableInputError } from "#core/errors.js";
import { readFormBody } from "../../../functions/http/middleware/form-body.js";
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

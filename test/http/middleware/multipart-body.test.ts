import { describe, expect, it } from "vitest";
import { UnreadableInputError } from "#core/errors.js";
import { readForm } from "../../../functions/http/middleware/form-body.js";
import { multipartBoundary, parseMultipart } from "../../../functions/http/middleware/multipart-body.js";
import { OPEN311_FORM } from "../../../functions/http/open311/post-request.js";
import { pageEvent } from "./helpers.js";

// multipart/form-data as FixMyStreet sends it when it uploads photo files (Perl's
// HTTP::Request::Common: CRLF lines, a short boundary, text parts with no Content-Type, file parts
// with a filename and an image type), base64-encoded by API Gateway.

const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x0d, 0x0a, 0x2d, 0x2d,
]);

/** A multipart body: text fields, then files, with `eol` line ends. */
function multipart(
  fields: Array<[string, string]>,
  files: Array<[string, string, Buffer]> = [],
  { boundary = "xYzZY", eol = "\r\n" } = {},
): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of fields) {
    parts.push(
      Buffer.from(
        `--${boundary}${eol}Content-Disposition: form-data; name="${name}"${eol}${eol}${value}${eol}`,
      ),
    );
  }
  for (const [name, filename, data] of files) {
    parts.push(
      Buffer.from(
        `--${boundary}${eol}Content-Disposition: form-data; name="${name}"; filename="${filename}"${eol}Content-Type: image/jpeg${eol}${eol}`,
      ),
      data,
      Buffer.from(eol),
    );
  }
  parts.push(Buffer.from(`--${boundary}--${eol}`));
  return Buffer.concat(parts);
}

const event = (body: Buffer, type = "multipart/form-data; boundary=xYzZY") => ({
  ...pageEvent({ method: "POST", headers: { "content-type": type }, body: body.toString("base64") }),
  isBase64Encoded: true,
});

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as UnreadableInputError;
  }
  throw new Error("not refused");
};

describe("multipart/form-data", () => {
  it("reads text fields in order, repeated ones included, and counts file parts without keeping them", () => {
    const body = multipart(
      [
        ["service_code", "speeding"],
        ["description", "title: Café 🚗\n\ndetail: fast\r\n\r\nurl: https://example.org/report/1"],
        ["attribute[easting]", "530268"],
        ["media_url", "https://example.org/a.jpeg"],
        ["media_url", "https://example.org/b.jpeg"],
      ],
      [
        ["photo1", "12.0.full.jpeg", JPEG],
        ["photo2", "12.1.full.jpeg", JPEG],
      ],
    );
    const form = readForm(event(body), OPEN311_FORM);
    expect(form.files).toBe(2);
    expect(form.pairs).toEqual([
      ["service_code", "speeding"],
      ["description", "title: Café 🚗\n\ndetail: fast\r\n\r\nurl: https://example.org/report/1"],
      ["attribute[easting]", "530268"],
      ["media_url", "https://example.org/a.jpeg"],
      ["media_url", "https://example.org/b.jpeg"],
    ]);
    expect(form.fields.media_url).toBe("https://example.org/a.jpeg");
    expect(JSON.stringify(form)).not.toContain("JFIF");
  });

  it("takes a quoted boundary, a preamble, transport padding and bare LF line ends", () => {
    const boundary = "----=_Part 1'()+,./:?";
    const body = Buffer.concat([
      Buffer.from("This is the preamble.\n"),
      multipart(
        [
          ["a", "1"],
          ["b", "two\nlines"],
        ],
        [],
        { boundary, eol: "\n" },
      ),
    ]);
    expect(multipartBoundary(`multipart/form-data; charset=utf-8; boundary="${boundary}"`)).toBe(boundary);
    const padded = Buffer.from(
      body.toString("latin1").replace(`--${boundary}\n`, `--${boundary}  \n`),
      "latin1",
    );
    expect(parseMultipart(padded, boundary, { maxTextBytes: 1000, maxParts: 10 })).toEqual({
      pairs: [
        ["a", "1"],
        ["b", "two\nlines"],
      ],
      files: 0,
    });
  });

  it("keeps a field named __proto__ an ordinary field", () => {
    const form = readForm(event(multipart([["__proto__", "x"]])), OPEN311_FORM);
    expect(Object.getPrototypeOf(form.fields)).toBeNull();
    expect(form.fields.__proto__).toBe("x");
  });

  it.each([
    [
      "no boundary in the content type",
      multipart([["a", "1"]]),
      "multipart/form-data",
      /boundary is missing/,
    ],
    [
      "a boundary over 70 characters",
      multipart([["a", "1"]]),
      `multipart/form-data; boundary=${"b".repeat(71)}`,
      /boundary/,
    ],
    ["a body without its boundary", Buffer.from("a=1"), undefined, /no part with its boundary/],
    [
      "a body with no closing boundary",
      Buffer.from('--xYzZY\r\nContent-Disposition: form-data; name="a"\r\n\r\n1'),
      undefined,
      /closing boundary/,
    ],
    [
      "a part that is not form-data",
      Buffer.from("--xYzZY\r\nContent-Type: text/plain\r\n\r\n1\r\n--xYzZY--"),
      undefined,
      /not form-data/,
    ],
    [
      "a part with no name",
      Buffer.from('--xYzZY\r\nContent-Disposition: form-data; filename="a"\r\n\r\n1\r\n--xYzZY--'),
      undefined,
      /no name/,
    ],
    [
      "headers that never end",
      Buffer.from(`--xYzZY\r\nContent-Disposition: form-data; name="a"${"x".repeat(3000)}`),
      undefined,
      /no end to its headers/,
    ],
  ])("refuses %s as malformed", (_what, body, type, message) => {
    const error = refusal(() => readForm(event(body, type), OPEN311_FORM));
    expect(error).toBeInstanceOf(UnreadableInputError);
    expect(error.reason).toBe("malformed");
    expect(error.message).toMatch(message);
  });

  it("names the field whose bytes are not UTF-8", () => {
    const body = Buffer.from(
      '--xYzZY\r\nContent-Disposition: form-data; name="description"\r\n\r\nab\xff\r\n--xYzZY--\r\n',
      "latin1",
    );
    expect(refusal(() => readForm(event(body), OPEN311_FORM)).message).toBe(
      "The form field description is not valid UTF-8 text",
    );
  });

  it("bounds the text, the parts and the whole body", () => {
    const text = refusal(() =>
      parseMultipart(multipart([["a", "x".repeat(11)]]), "xYzZY", { maxTextBytes: 10, maxParts: 5 }),
    );
    expect(text.reason).toBe("too-large");
    const parts = refusal(() =>
      parseMultipart(multipart(Array.from({ length: 6 }, (_, i) => [`f${i}`, "1"])), "xYzZY", {
        maxTextBytes: 100,
        maxParts: 5,
      }),
    );
    expect(parts.message).toMatch(/more than 5 parts/);
    // A large photo is counted, not refused; past the whole body's bound the form is too large.
    const photo = Buffer.alloc(1024 * 1024, 0x41);
    expect(readForm(event(multipart([], [["photo1", "a.jpeg", photo]])), OPEN311_FORM).files).toBe(1);
    const huge = multipart(
      [],
      [["photo1", "a.jpeg", Buffer.alloc((OPEN311_FORM.multipartMaxBytes ?? 0) + 1)]],
    );
    expect(refusal(() => readForm(event(huge), OPEN311_FORM)).reason).toBe("too-large");
  });

  it("is refused (unsupported) where the form does not take it: the resident form's pages", () => {
    const error = refusal(() => readForm(event(multipart([["a", "1"]]))));
    expect(error.reason).toBe("unsupported-type");
  });
});

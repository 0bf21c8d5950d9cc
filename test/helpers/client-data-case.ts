import type { Case, Destination } from "#core/case/case.js";

// A case as Open311 intake keeps it when a client (FixMyStreet) sent more than our fields, with
// hostile text in every place a client controls: attribute codes and values, photo URLs and the
// fields not used. The tests of the case log and the emails render it and look for any of it live.

export const ASHCOMBE: Destination = { kind: "parish", code: "E04999001", name: "Ashcombe" };
export const DISTRICT: Destination = { kind: "district", code: "E07999999", name: "Exampleshire Vale" };

export const RESIDENT = { name: "Dorothy Quill", email: "dorothy.quill@example.net", phone: "07700 900123" };

export const SCRIPT_CODE = "<script>alert('code')</script>";
export const IMG_VALUE = `"><img src=x onerror=alert('value')>`;
/** A value that tries to start a new line (and a new header, were it ever put in one). */
export const HEADER_VALUE = "12 Mill Lane\r\nBcc: victim@example.org";
export const PHOTO = "https://www.fixmystreet.com/photo/123.0.full.jpeg";
/** An https URL with markup in its path: a link, but percent-encoded. */
export const HOSTILE_PHOTO = `https://photos.example/"><script>alert('url')</script>.jpg`;
/** Addresses that must never become a link, nor appear at all. */
export const NOT_LINKS = [
  "javascript:alert('js')",
  " JaVaScRiPt:alert('js2')",
  "http://plain.example/photo.jpg",
  "data:text/html,<script>alert('data')</script>",
  "https://council.example@lure.example/photo.jpg",
];

export const SIGNPOST = {
  ruleId: "immediate-danger",
  title: "Call 999 now",
  message:
    "If anyone is in immediate danger, call 999 and ask for the police. Do not use this service: reports are read during office hours only.",
};

export function aClientCase(overrides: Partial<Case> = {}): Case {
  return {
    reference: "SPD-AAAA-AAA4",
    service: "speeding",
    status: "new",
    delivery: "sent",
    createdAt: "2026-11-20T09:00:00.000Z",
    updatedAt: "2026-11-20T09:00:00.000Z",
    answers: { danger: "yes" },
    location: { lat: 54.5, lng: 2.3, postcode: "ZX1 5ZB" },
    description: "A van speeds past the school every morning",
    reporter: { ...RESIDENT, shareWithParish: false, sharedWith: [] },
    destination: DISTRICT,
    routing: { ruleId: "immediate-danger", requested: "district", area: ASHCOMBE, reason: "signposted" },
    fromClient: {
      attributes: [
        { code: "fixmystreet_id", value: "4242" },
        { code: "closest_address", value: HEADER_VALUE },
        { code: SCRIPT_CODE, value: IMG_VALUE },
        // FixMyStreet sends the surname as an attribute too: contact details under another name.
        { code: "last_name", value: "Quill" },
        { code: "note", value: `Call me on ${RESIDENT.phone}` },
      ],
      mediaUrls: [PHOTO, HOSTILE_PHOTO, ...NOT_LINKS],
      notUsed: [{ field: "first_name<b>", reason: "not a person's name <i>really</i>" }],
    },
    signpost: SIGNPOST,
    retainUntil: Date.parse("2030-01-01T00:00:00Z") / 1000,
    ...overrides,
  };
}

/** Every href in the markup, as a browser reads it (the HTML escapes undone). */
export function hrefsIn(html: string): string[] {
  const entities: Record<string, string> = {
    "&amp;": "&",
    "&quot;": '"',
    "&#39;": "'",
    "&lt;": "<",
    "&gt;": ">",
  };
  return [...html.matchAll(/href\s*=\s*["']?([^"'\s>]*)/gi)].map((m) =>
    (m[1] ?? "").replace(/&(amp|quot|#39|lt|gt);/g, (e) => entities[e] ?? e),
  );
}

/**
 * Markup the hostile input would make live if it were not escaped. Escaped, the same characters
 * start with `&lt;`, so counting these against a page without the input finds any that got through.
 */
export const LIVE_MARKUP = [/<script[\s>]/gi, /<img[\s>]/gi, /"><img/gi, /<b>/g, /<i>/g];

export function liveMarkupCounts(html: string): number[] {
  return LIVE_MARKUP.map((pattern) => html.match(pattern)?.length ?? 0);
}

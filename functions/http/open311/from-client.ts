import type { FromClient } from "#core/case/case.js";
import { NOT_IN_SINGLE_LINE, toWellFormed } from "#core/input/text-rules.js";

/**
 * What an Open311 client sent beyond our fields, kept on the case rather than refused (FixMyStreet
 * adds `attribute[fixmystreet_id]`, `easting`, `northing`, `closest_address`, `uprn`, and a cobrand
 * may add more), bounded so a client cannot make a case large or hard to read, and never holding
 * a character that changes how a line reads. Staff see it escaped, under "Also sent by the client".
 */

/** Attributes kept; FixMyStreet sends five, a cobrand a few more. */
export const MAX_CLIENT_ATTRIBUTES = 30;
export const MAX_ATTRIBUTE_VALUE = 500;
export const MAX_MEDIA_URLS = 5;
export const MAX_MEDIA_URL = 2048;
/** Entries in `notUsed`; past it, one more entry counts the rest. */
export const MAX_NOT_USED = 40;

/** An attribute code we repeat: short, and nothing that could be markup or break a line. */
const CODE = /^[A-Za-z0-9_.:-]{1,60}$/;
/** Line breaks and tabs read as a space; other hidden characters are dropped. */
const BREAKS = /[\t\n\r\u0085\u2028\u2029]+/g;
const HIDDEN = new RegExp(NOT_IN_SINGLE_LINE.source, "g");

export interface FromClientCollector {
  /** An `attribute[code]` that is not a question of the service. */
  attribute(field: string, code: string, value: string): void;
  /** One `media_url` value. */
  mediaUrl(value: string): void;
  /** A field left off the case, with a plain reason (never its value). */
  notUsed(field: string, reason: string): void;
  /** File parts of a multipart body. */
  files(count: number): void;
  /** What was collected, or undefined when nothing was. */
  result(): FromClient | undefined;
}

export function collectFromClient(): FromClientCollector {
  const attributes: Array<{ code: string; value: string }> = [];
  const mediaUrls: string[] = [];
  const notUsed: Array<{ field: string; reason: string }> = [];
  let notUsedOver = 0;

  const note = (field: string, reason: string) => {
    if (notUsed.length < MAX_NOT_USED) notUsed.push({ field, reason });
    else notUsedOver++;
  };

  return {
    attribute(field, code, value) {
      if (!CODE.test(code)) {
        note(
          "attribute",
          "an attribute code that is not 1 to 60 letters, digits, _ . : or - (not repeated here)",
        );
        return;
      }
      const text = oneLine(value);
      if (text === "") return;
      if (attributes.length >= MAX_CLIENT_ATTRIBUTES) {
        note(field, `more than ${MAX_CLIENT_ATTRIBUTES} extra attributes were sent; this one was not kept`);
        return;
      }
      const characters = [...text];
      if (characters.length > MAX_ATTRIBUTE_VALUE) {
        attributes.push({ code, value: `${characters.slice(0, MAX_ATTRIBUTE_VALUE - 1).join("")}…` });
        note(field, `longer than ${MAX_ATTRIBUTE_VALUE} characters, so shortened`);
      } else attributes.push({ code, value: text });
    },

    mediaUrl(value) {
      const link = value.trim();
      if (link === "") return;
      const problem = mediaUrlProblem(link);
      if (problem) return note("media_url", problem);
      const href = new URL(link).href;
      if (mediaUrls.includes(href)) return;
      if (mediaUrls.length >= MAX_MEDIA_URLS) {
        return note("media_url", `more than ${MAX_MEDIA_URLS} photo links were sent; this one was not kept`);
      }
      mediaUrls.push(href);
    },

    notUsed: note,

    files(count) {
      if (count > 0) {
        note(
          "files",
          `${count} photo file${count === 1 ? "" : "s"} attached; photos are taken as media_url links only`,
        );
      }
    },

    result() {
      const all =
        notUsedOver > 0
          ? [...notUsed, { field: "more", reason: `${notUsedOver} more fields not used` }]
          : notUsed;
      const fromClient: FromClient = {
        ...(attributes.length > 0 ? { attributes } : {}),
        ...(mediaUrls.length > 0 ? { mediaUrls } : {}),
        ...(all.length > 0 ? { notUsed: all } : {}),
      };
      return Object.keys(fromClient).length > 0 ? fromClient : undefined;
    },
  };
}

/** One line of text: breaks become a space, hidden characters go, spaces are not repeated. */
function oneLine(value: string): string {
  return toWellFormed(value).replace(BREAKS, " ").replace(HIDDEN, "").replace(/ {2,}/g, " ").trim();
}

/**
 * Why a photo link cannot be kept, or undefined. Links are shown to staff and never fetched by
 * the server, so they must be https, short, and plain: no spaces or hidden characters (which the
 * URL parser would silently drop) and no user name or password.
 */
function mediaUrlProblem(link: string): string | undefined {
  if (link.length > MAX_MEDIA_URL) return `a photo link longer than ${MAX_MEDIA_URL} characters`;
  if (/\s/.test(link) || NOT_IN_SINGLE_LINE.test(link))
    return "a photo link with spaces or hidden characters";
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return "not a web address";
  }
  if (url.protocol !== "https:") return "not an https link; photo links must start https://";
  if (url.username || url.password) return "a photo link holding a user name or password";
  if (url.href.length > MAX_MEDIA_URL) return `a photo link longer than ${MAX_MEDIA_URL} characters`;
  return undefined;
}

import { XMLParser, XMLValidator } from "fast-xml-parser";
import { UpstreamError } from "../../core/errors.js";
import { emailsInField, emailsInText } from "./email-candidates.js";
import { decodeEntities, squash } from "./text.js";

/** One parish council as a Modern.Gov `GetParishCouncils` response describes it. */
export interface ParishCouncilRecord {
  /** Modern.Gov's own id (used by `mgParishCouncilDetails.aspx?ID=<id>`). */
  id?: number;
  /** The council's title as the install spells it. */
  title: string;
  website?: string;
  clerkName?: string;
  email?: string;
  /** Further addresses the email field gave ("a@x.gov.uk;b@y.co.uk"), in order. */
  otherEmails?: string[];
  phone?: string;
  /** Address lines, the postcode last. */
  address?: string[];
}

export const MODERNGOV = "Modern.Gov";

/** An XML element reduced to what the tolerant walk needs; names are lower-cased, prefixes removed. */
interface XmlElement {
  name: string;
  /** The element's own text, entity-decoded twice (XML, then HTML) and trimmed; "" when none. */
  text: string;
  children: XmlElement[];
}

const parser = new XMLParser({
  preserveOrder: true,
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/**
 * Parses a `GetParishCouncils` response: the bare GET document or its SOAP envelope, with the element
 * names real installs (or plausible variants) use. Throws `UpstreamError` for HTML, redirect stubs,
 * malformed XML, SOAP faults and XML that is not a parish list. Records without a title are dropped.
 *
 * @param source the URL the body came from; only used in error messages.
 */
export function parseParishCouncils(body: string, source?: string): ParishCouncilRecord[] {
  const from = source ? ` (${source})` : "";
  const text = body.replace(/^\uFEFF/, "").trimStart();
  assertLooksLikeXml(text, from);

  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new UpstreamError(
      MODERNGOV,
      `returned malformed XML: ${valid.err.msg} (line ${valid.err.line})${from}`,
    );
  }
  const document = toElements(parser.parse(text));

  const fault = find(document, (e) => e.name === "body")?.children.find((c) => c.name === "fault");
  if (fault) {
    const reason = leafText(fault, /^(faultstring|text|reason)$/) || "no reason given";
    throw new UpstreamError(MODERNGOV, `SOAP fault: ${reason}${from}`);
  }

  const records = findRecords(document);
  if (records.length === 0 && !find(document, (e) => e.name.includes("parish"))) {
    const root = document[0]?.name ?? "nothing";
    throw new UpstreamError(
      MODERNGOV,
      `returned XML that is not a parish council list (root <${root}>)${from}`,
    );
  }
  return records.flatMap((r) => {
    const record = toRecord(r);
    return record ? [record] : [];
  });
}

const HTML_START =
  /^(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<script[\s>]|<meta[\s>]|<title[\s>])/i;
const REDIRECT =
  /(?:window|document|top|self)\.location|location\.(?:href|replace|assign)|http-equiv=["']?refresh/i;

function assertLooksLikeXml(text: string, from: string): void {
  if (text === "") throw new UpstreamError(MODERNGOV, `returned an empty body, not XML${from}`);
  if (HTML_START.test(text)) {
    if (REDIRECT.test(text.slice(0, 20_000))) {
      throw new UpstreamError(MODERNGOV, `returned an HTML/JavaScript redirect page, not XML${from}`);
    }
    throw new UpstreamError(MODERNGOV, `returned HTML, not XML${from}`);
  }
  if (!text.startsWith("<")) {
    const start = squash(text.slice(0, 60));
    throw new UpstreamError(MODERNGOV, `returned something other than XML ("${start}")${from}`);
  }
}

/** Converts fast-xml-parser's `preserveOrder` output to `XmlElement`s. */
function toElements(nodes: unknown): XmlElement[] {
  if (!Array.isArray(nodes)) return [];
  const elements: XmlElement[] = [];
  for (const node of nodes) {
    if (node === null || typeof node !== "object") continue;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === ":@" || key === "#text") continue;
      const texts: string[] = [];
      if (Array.isArray(value)) {
        for (const child of value) {
          const t = (child as Record<string, unknown> | null)?.["#text"];
          // The parser turns numeric and true/false text into numbers and booleans.
          if (typeof t === "string" || typeof t === "number" || typeof t === "boolean") texts.push(String(t));
        }
      }
      elements.push({
        name: key.toLowerCase(),
        // The XML parser decoded one level of entities; Modern.Gov encodes text twice, so decode again.
        text: decodeEntities(texts.join(" ")).trim(),
        children: toElements(value),
      });
    }
  }
  return elements;
}

function find(elements: XmlElement[], test: (e: XmlElement) => boolean): XmlElement | undefined {
  for (const element of elements) {
    if (test(element)) return element;
    const inner = find(element.children, test);
    if (inner) return inner;
  }
  return undefined;
}

function leafText(element: XmlElement, name: RegExp): string {
  return squash(find(element.children, (e) => name.test(e.name))?.text ?? "");
}

const RECORD_NAME = /^(parishcouncil|parish)$/;

function findRecords(document: XmlElement[]): XmlElement[] {
  const named: XmlElement[] = [];
  const walk = (elements: XmlElement[]) => {
    for (const e of elements) {
      if (RECORD_NAME.test(e.name) && e.children.length > 0) named.push(e);
      else walk(e.children);
    }
  };
  walk(document);
  if (named.length > 0) return named;

  // Unknown record name: take the complex children of the first "parish…" container that carry a title.
  const container = find(
    document,
    (e) => e.name.includes("parish") && e.children.some((c) => c.children.length),
  );
  return container ? container.children.filter((c) => c.children.length > 0 && titleOf(c) !== undefined) : [];
}

const PERSON_NAME = /^(clerk|contact)|(user|first|last|sur|full)name$/;

function titleOf(record: XmlElement): string | undefined {
  const leaves = record.children.filter(
    (c) => c.children.length === 0 && c.text !== "" && !PERSON_NAME.test(c.name),
  );
  const rank = (name: string): number => {
    if (/^(parish(council)?)?title$/.test(name)) return 0;
    if (name.endsWith("title")) return 1;
    if (/^(parish(council)?)?name$/.test(name)) return 2;
    if (name.endsWith("name")) return 3;
    return 9;
  };
  const best = leaves
    .map((leaf) => ({ leaf, rank: rank(leaf.name) }))
    .filter((c) => c.rank < 9)
    .sort((a, b) => a.rank - b.rank)[0];
  return best ? squash(best.leaf.text) || undefined : undefined;
}

function idOf(record: XmlElement): number | undefined {
  const ids = record.children.filter((c) => c.children.length === 0 && c.name.endsWith("id"));
  ids.sort(
    (a, b) =>
      Number(!/^(parish(council)?)?id$/.test(a.name)) - Number(!/^(parish(council)?)?id$/.test(b.name)),
  );
  for (const leaf of ids) {
    if (/^\d+$/.test(leaf.text)) {
      const id = Number.parseInt(leaf.text, 10);
      if (id > 0 && Number.isSafeInteger(id)) return id;
    }
  }
  return undefined;
}

interface Leaf {
  name: string;
  text: string;
  /** Names of the ancestors inside the record, outermost first. */
  path: string[];
  parent: XmlElement;
}

function leavesOf(record: XmlElement): Leaf[] {
  const leaves: Leaf[] = [];
  const walk = (element: XmlElement, path: string[]) => {
    for (const child of element.children) {
      if (child.children.length === 0) {
        if (child.text !== "") leaves.push({ name: child.name, text: child.text, path, parent: element });
      } else {
        walk(child, [...path, child.name]);
      }
    }
  };
  walk(record, []);
  return leaves;
}

const NOT_A_NAME_FIELD = /mail|phone|tel|mobile|fax|address|line\d|postcode|web|url|title|id$/;

function toRecord(element: XmlElement): ParishCouncilRecord | undefined {
  const title = titleOf(element);
  if (title === undefined) return undefined;
  const record: ParishCouncilRecord = { title };
  const id = idOf(element);
  if (id !== undefined) record.id = id;

  const leaves = leavesOf(element);
  const contactish = (leaf: Leaf) => /clerk|contact/.test(leaf.name) && !NOT_A_NAME_FIELD.test(leaf.name);

  // An email field may hold several addresses or a comment: the first is the clerk's.
  const emails =
    firstOf(leaves, (l) => nonEmpty(/e-?mail/.test(l.name) ? emailsInField(l.text) : [])) ??
    firstOf(leaves, (l) => nonEmpty(contactish(l) ? emailsInText(l.text) : []));
  const [email, ...otherEmails] = [...new Set(emails ?? [])];
  if (email) record.email = email;
  if (otherEmails.length > 0) record.otherEmails = otherEmails;

  const phoneOf = (l: Leaf) => {
    const text = squash(l.text);
    return text.replace(/\D/g, "").length >= 6 ? text : undefined;
  };
  const phone =
    firstOf(leaves, (l) =>
      /phone|^tel$|^telephone/.test(l.name) && !/mobile/.test(l.name) ? phoneOf(l) : undefined,
    ) ?? firstOf(leaves, (l) => (/mobile/.test(l.name) ? phoneOf(l) : undefined));
  if (phone) record.phone = phone;

  const clerkName =
    firstOf(leaves, (l) => (contactish(l) ? personName(l.text) : undefined)) ??
    firstOf(leaves, (l) =>
      /^(full)?(user)?name$/.test(l.name) && l.path.some((p) => /clerk|contact/.test(p))
        ? personName(l.text)
        : undefined,
    );
  if (clerkName) record.clerkName = clerkName;

  const website = firstOf(leaves, (l) =>
    /website|homepage|^url$|weburl|^web$/.test(l.name) ? cleanWebsite(l.text) : undefined,
  );
  if (website) record.website = website;

  const address = addressOf(leaves);
  if (address.length > 0) record.address = address;
  return record;
}

function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}

function firstOf<T>(leaves: Leaf[], pick: (leaf: Leaf) => T | undefined): T | undefined {
  for (const leaf of leaves) {
    const value = pick(leaf);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** A clerk's name from a text field, unless the text is really an email, phone number or URL. */
function personName(text: string): string | undefined {
  const name = squash(text);
  if (name === "" || name.length > 100 || /@|https?:|www\./i.test(name) || /\d{4,}/.test(name))
    return undefined;
  return /\p{L}/u.test(name) ? name : undefined;
}

function cleanWebsite(text: string): string | undefined {
  const url = squash(text);
  if (!/^(https?:\/\/)?[^\s/@]+\.[^\s@]+$/i.test(url) && !/^https?:\/\/[^\s@]+$/i.test(url)) return undefined;
  return /^https?:\/\//i.test(url) ? url : `http://${url}`;
}

function addressOf(leaves: Leaf[]): string[] {
  const lineNumber = (name: string) => /^(?:address)?line(\d+)$/.exec(name)?.[1];
  // Address lines grouped by their parent block (there may be more than one block, e.g. work/home).
  const blocks = new Map<XmlElement, Leaf[]>();
  for (const leaf of leaves) {
    if (lineNumber(leaf.name) === undefined) continue;
    const block = blocks.get(leaf.parent) ?? [];
    block.push(leaf);
    blocks.set(leaf.parent, block);
  }
  let lines: string[] = [];
  let parent: XmlElement | undefined;
  for (const [block, blockLeaves] of blocks) {
    const sorted = [...blockLeaves].sort((a, b) => Number(lineNumber(a.name)) - Number(lineNumber(b.name)));
    lines = sorted.map((l) => squash(l.text)).filter((l) => l !== "");
    parent = block;
    if (lines.length > 0) break;
  }
  if (lines.length === 0) {
    const free = leaves.find((l) => /address/.test(l.name) && !/mail|web|url/.test(l.name));
    if (free) {
      lines = free.text
        .split(/\r?\n|,/)
        .map(squash)
        .filter((l) => l !== "");
      parent = free.parent;
    }
  }
  const postcodes = leaves.filter((l) => l.name === "postcode" && squash(l.text) !== "");
  const postcode = (postcodes.find((l) => l.parent === parent) ?? postcodes[0])?.text;
  if (postcode !== undefined) {
    const key = (s: string) => s.replace(/\s+/g, "").toUpperCase();
    const pc = squash(postcode);
    if (!lines.some((l) => key(l).endsWith(key(pc)))) lines.push(pc);
  }
  return lines;
}

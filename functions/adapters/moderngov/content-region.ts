import type { AnyNode, Document, Element } from "domhandler";
import { attribute, contains, findAll, idAndClassWords, isTag, isText, textOf } from "./html-document.js";
import { decodeLeftoverEntities, squash } from "./text.js";

/**
 * Where on a Modern.Gov page the parish's own details are. The parish's content region is the
 * element holding the page heading (`h1` / `mgMainTitleTxt`) and what follows it, within the main
 * content; header, footer, navigation, sidebars, breadcrumbs and cookie banners are site chrome,
 * whether they are HTML5 elements or `<div>`s whose id, class or role say so.
 */

/** Where a line of text sits on the page. */
export type Zone = "content" | "before-heading" | "outside" | ChromeKind;
export type ChromeKind =
  "footer" | "header" | "navigation" | "breadcrumb" | "sidebar" | "cookie banner" | "page information";

/** A line of text as a browser would roughly lay it out, with the links in it. */
export interface Line {
  text: string;
  links: { href: string; text: string }[];
  zone: Zone;
  /** The innermost block element the line belongs to (a heading, a table cell, a paragraph...). */
  block: Element | undefined;
}

const CHROME_TAG: Record<string, ChromeKind> = {
  footer: "footer",
  header: "header",
  nav: "navigation",
  aside: "sidebar",
};
const CHROME_ROLE: Record<string, ChromeKind> = {
  contentinfo: "footer",
  banner: "header",
  navigation: "navigation",
  complementary: "sidebar",
};
const CHROME_WORD: Record<string, ChromeKind> = {
  footer: "footer",
  ftr: "footer",
  contentinfo: "footer",
  header: "header",
  masthead: "header",
  banner: "header",
  nav: "navigation",
  navbar: "navigation",
  navigation: "navigation",
  breadcrumb: "breadcrumb",
  breadcrumbs: "breadcrumb",
  sidebar: "sidebar",
  complementary: "sidebar",
  cookie: "cookie banner",
  cookies: "cookie banner",
  // Modern.Gov's "Problems with this page? Email webmaster@…" strip under the content.
  pageinfo: "page information",
};

const CHROME_HINT = /foot|ftr|head|nav|crumb|side|cookie|banner|contentinfo|complementary|mast|pageinfo/i;

/** A line that is the site's page-information strip wherever it sits, not the parish's details. */
const PAGE_INFO_TEXT = /\bproblems with this page\b|\bwebmaster@/i;

/** What kind of site chrome an element is, if any. */
export function chromeKindOf(element: Element): ChromeKind | undefined {
  const byTag = CHROME_TAG[element.name];
  if (byTag) return byTag;
  const byRole = CHROME_ROLE[attribute(element, "role").trim().toLowerCase()];
  if (byRole) return byRole;
  // Most elements have no chrome-like id or class: skip splitting their words.
  if (!CHROME_HINT.test(`${attribute(element, "id")} ${attribute(element, "class")}`)) return undefined;
  for (const word of idAndClassWords(element)) {
    const kind = CHROME_WORD[word];
    if (kind) return kind;
  }
  return undefined;
}

function inChrome(element: Element): boolean {
  for (let e: AnyNode | null = element; e; e = e.parent) if (isTag(e) && chromeKindOf(e)) return true;
  return false;
}

const COUNCILISH = /\b(parish|town|community|village|council|meeting|cyngor|cymuned|tref)\b/i;

const PARISHISH = /\b(parish|town|community|village|meeting|cymuned|tref)\b/i;

/**
 * The page's heading: an `mgMainTitleTxt` (Modern.Gov's own) or an `h1`, outside the chrome; a
 * parish's name beats a council's ("Wendleshire District Council" may be the site's `h1` too).
 */
export function findHeading(document: Document): Element | undefined {
  const candidates = findAll(
    document.children,
    (e) => (e.name === "h1" || /\bmgMainTitleTxt\b/i.test(attribute(e, "class"))) && !inChrome(e),
  )
    .map((element) => ({ element, text: textOf(element) }))
    .filter((c) => c.text !== "");
  const rank = ({ element, text }: (typeof candidates)[number]) =>
    (/\bmgMainTitleTxt\b/i.test(attribute(element, "class")) ? 0 : 4) +
    (PARISHISH.test(text) ? 0 : COUNCILISH.test(text) ? 1 : 2);
  let best = candidates[0];
  for (const c of candidates) if (best && rank(c) < rank(best)) best = c;
  return best?.element;
}

const CONTAINER_IDS = new Set(["modgov", "content", "main", "maincontent", "main-content", "mgcontent"]);

function isContainer(element: Element): boolean {
  if (element.name === "main" || attribute(element, "role").toLowerCase() === "main") return true;
  if (CONTAINER_IDS.has(attribute(element, "id").toLowerCase())) return true;
  return attribute(element, "class").split(/\s+/).includes("mgContent");
}

/**
 * The main content holding the heading: its nearest `main` / `#modgov` / `.mgContent` ancestor;
 * failing that, the heading's own section (the nearest wrapper that holds more than the heading,
 * so a footer `<div>` after that wrapper is outside); with no heading, the first container; failing
 * all, the whole page.
 */
export function findContainer(document: Document, heading: Element | undefined): AnyNode {
  if (heading) {
    for (let e = heading.parent; e; e = e.parent) if (isTag(e) && isContainer(e)) return e;
    return sectionOf(heading) ?? document;
  }
  return findAll(document.children, isContainer)[0] ?? document;
}

function sectionOf(heading: Element): Element | undefined {
  const headingText = textOf(heading);
  for (let e = heading.parent; e && isTag(e); e = e.parent) {
    if (e.name === "body" || e.name === "html") return undefined;
    if (textOf(e) !== headingText) return e;
  }
  return undefined;
}

/** Tags that do not break a line of text. */
const INLINE = new Set(
  "a abbr b bdi bdo cite code em font i kbd label mark q s small span strong sub sup time u var wbr".split(
    " ",
  ),
);

/** The page as lines of text, each with the zone it sits in. */
export function layoutLines(document: Document, heading: Element | undefined, container: AnyNode): Line[] {
  const lines: Line[] = [];
  let text = "";
  let links: Line["links"] = [];
  const chrome: ChromeKind[] = [];
  const blocks: Element[] = [];
  let insideContainer = container === document;
  let headingSeen = heading === undefined;

  const flush = () => {
    const squashed = squash(decodeLeftoverEntities(text));
    if (squashed !== "" || links.length > 0) {
      const zone: Zone =
        chrome[chrome.length - 1] ??
        (PAGE_INFO_TEXT.test(squashed) ? "page information" : undefined) ??
        (insideContainer ? (headingSeen ? "content" : "before-heading") : "outside");
      lines.push({ text: squashed, links, zone, block: blocks[blocks.length - 1] });
    }
    text = "";
    links = [];
  };

  const walk = (node: AnyNode) => {
    if (isText(node)) {
      text += node.data;
      return;
    }
    if (!isTag(node)) return;
    if (node.name === "br") return flush();
    if (INLINE.has(node.name)) {
      if (node.name === "a") {
        const href = attribute(node, "href").trim();
        if (href !== "") links.push({ href, text: textOf(node) });
      }
      for (const child of node.children) walk(child);
      return;
    }
    flush();
    // The heading's own wrappers (a `<header>` round the `h1`) are not chrome.
    const kind = heading && contains(node, heading) ? undefined : chromeKindOf(node);
    if (kind) chrome.push(kind);
    const enteringContainer = node === container;
    if (enteringContainer) insideContainer = true;
    if (node === heading) headingSeen = true;
    blocks.push(node);
    for (const child of node.children) walk(child);
    flush();
    blocks.pop();
    if (enteringContainer) insideContainer = false;
    if (kind) chrome.pop();
  };
  for (const child of document.children) walk(child);
  flush();
  return lines;
}

/** Plain words for where a line sits, for staff: "the page footer". */
export function describeZone(zone: Zone): string {
  switch (zone) {
    case "footer":
      return "the page footer";
    case "header":
      return "the page header";
    case "navigation":
      return "the site navigation";
    case "breadcrumb":
      return "the breadcrumb trail";
    case "sidebar":
      return "a sidebar";
    case "cookie banner":
      return "the cookie banner";
    case "page information":
      return "the page's 'problems with this page' strip";
    case "before-heading":
      return "the page above the parish's name";
    default:
      return "the page outside the parish's details";
  }
}

import { type AnyNode, type Document, type Element, isTag, isText } from "domhandler";
import { getAttributeValue, removeElement, textContent } from "domutils";
import { parseDocument } from "htmlparser2";
import { decodeLeftoverEntities, squash } from "./text.js";

/** Parsing an HTML page into a tree (htmlparser2), with what never shows on the page removed. */

const NOISE = new Set(["script", "style", "noscript", "template", "head"]);

/** The page's tree, without scripts, styles and `<head>`: only what a reader sees. */
export function loadHtml(html: string): { document: Document; pageTitle: string | undefined } {
  const document = parseDocument(html, { decodeEntities: true });
  const titleElement = findFirst(document.children, (e) => e.name === "title");
  const pageTitle = titleElement ? textOf(titleElement) : undefined;
  for (const element of findAll(document.children, (e) => NOISE.has(e.name))) removeElement(element);
  return { document, pageTitle };
}

/** An element's text: entities decoded (twice, when the page encoded them twice), spaces squashed. */
export function textOf(node: AnyNode): string {
  return squash(decodeLeftoverEntities(textContent(node)));
}

export function findAll(nodes: AnyNode[], test: (e: Element) => boolean): Element[] {
  const found: Element[] = [];
  const walk = (children: AnyNode[]) => {
    for (const node of children) {
      if (!isTag(node)) continue;
      if (test(node)) found.push(node);
      walk(node.children);
    }
  };
  walk(nodes);
  return found;
}

export function findFirst(nodes: AnyNode[], test: (e: Element) => boolean): Element | undefined {
  for (const node of nodes) {
    if (!isTag(node)) continue;
    if (test(node)) return node;
    const inner = findFirst(node.children, test);
    if (inner) return inner;
  }
  return undefined;
}

export function attribute(element: Element, name: string): string {
  return getAttributeValue(element, name) ?? "";
}

/** True when `ancestor` is `node` or contains it. */
export function contains(ancestor: AnyNode, node: AnyNode): boolean {
  for (let n: AnyNode | null = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/** The words of an element's id and classes: "mgFooter side-bar" → mg, footer, side, bar, sidebar. */
export function idAndClassWords(element: Element): string[] {
  const raw = `${attribute(element, "id")} ${attribute(element, "class")}`;
  const words = raw
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "");
  return [...words, ...words.slice(1).map((w, i) => `${words[i] ?? ""}${w}`)];
}

export { isTag, isText };

import { anchor, type Link } from "./email-parts.js";
import { escapeHtml } from "./escape-html.js";

/**
 * A piece of an email written once and rendered as both parts, so the HTML and the text say the
 * same: each block gives its text lines (a blank line before it) and its HTML.
 */
export interface Block {
  text: string[];
  html: string;
}

export const heading = (words: string): Block => ({
  text: ["", words],
  html: `<h2>${escapeHtml(words)}</h2>`,
});

export const paragraph = (words: string): Block => ({
  text: ["", words],
  html: `<p>${escapeHtml(words)}</p>`,
});

/** A link on its own: its words, then its URL on a line of its own in the text. */
export const linkBlock = (link: Link): Block => ({
  text: ["", `${link.words}:`, link.href],
  html: `<p>${anchor(link)}</p>`,
});

// GOV.UK Frontend's button colours (primary and secondary), in a one-cell table so Outlook, which
// ignores padding on links, still draws the button; the link fills the cell so all of it is clickable.
const BUTTONS = {
  primary: { background: "#0f7a52", shadow: "#083d29", colour: "#ffffff" },
  secondary: { background: "#f3f3f3", shadow: "#858686", colour: "#0b0c0c" },
} as const;

/**
 * A link drawn as a GOV.UK-like button: a real `<a>` with inline styles (no image, no script), and
 * in the text its words then its URL on a line of its own.
 */
export function buttonBlock(link: Link, style: keyof typeof BUTTONS = "primary"): Block {
  const { background, shadow, colour } = BUTTONS[style];
  const linkStyle = [
    "display: inline-block",
    "padding: 8px 10px 7px",
    "font-family: Arial, sans-serif",
    "font-size: 19px",
    "line-height: 1.2",
    `color: ${colour}`,
    `background-color: ${background}`,
    "text-decoration: none",
  ].join("; ");
  return {
    text: ["", `${link.words}:`, link.href],
    html:
      '<table role="presentation" cellspacing="0" cellpadding="0" border="0" style="margin: 0 0 16px 0">' +
      `<tr><td style="background-color: ${background}; border-bottom: 2px solid ${shadow}">` +
      `<a href="${escapeHtml(link.href)}" style="${linkStyle}" rel="noreferrer noopener">${escapeHtml(link.words)}</a>` +
      "</td></tr></table>",
  };
}

export const textOf = (blocks: readonly Block[]): string[] => blocks.flatMap((b) => b.text);
export const htmlOf = (blocks: readonly Block[]): string => blocks.map((b) => b.html).join("\n");

import type { EmailContent } from "#core/email/report-email.js";
import { hrefsIn } from "../../helpers/client-data-case.js";

// Whether an email's two parts say the same: every sentence of the text part is in the HTML
// part's text, every sentence of the HTML's text is in the text part, and every link's URL is in
// both. Compared as words (lower case, punctuation dropped), so a table row "Road | Mill Lane"
// matches the text's "Road: Mill Lane".

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" };
const BLOCK_TAGS = /<\/?(p|h[1-6]|table|tr|th|td|ul|ol|li|body|html|head)\b[^>]*>/gi;

/** The HTML body's text, a line per block, tags stripped and entities decoded. */
export function htmlText(html: string): string {
  const body = html.slice(html.indexOf("<body"));
  return body
    .replace(BLOCK_TAGS, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name] ?? "");
}

const isUrl = (unit: string) => /^https?:\/\/\S+$/.test(unit);
const words = (text: string) =>
  ` ${text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()} `;

/** Sentences, split at line ends and after `.`, `!`, `?` or `:` followed by a space. */
export function sentences(text: string): string[] {
  return text
    .split("\n")
    .flatMap((line) => line.split(/(?<=[.!?:])\s+/))
    .map((unit) => unit.trim())
    .filter((unit) => unit && words(unit).trim());
}

export function differences(email: EmailContent): { notInHtml: string[]; notInText: string[] } {
  const html = htmlText(email.html);
  const hrefs = hrefsIn(email.html);
  const htmlWords = words(html);
  const textWords = words(email.text);
  const textUrls = new Set(sentences(email.text).filter(isUrl));
  return {
    notInHtml: sentences(email.text).filter((unit) =>
      isUrl(unit) ? !hrefs.includes(unit) : !htmlWords.includes(words(unit)),
    ),
    notInText: [
      ...sentences(html).filter((unit) => !textWords.includes(words(unit))),
      ...hrefs.filter((href) => !textUrls.has(href)),
    ],
  };
}

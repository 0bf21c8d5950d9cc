import type { Element } from "domhandler";
import { isContactLabel, readContact } from "./contact-fields.js";
import { findContainer, findHeading, type Line, layoutLines } from "./content-region.js";
import { attribute, loadHtml } from "./html-document.js";
import { ownLines } from "./own-lines.js";
import { cleanTitle, type PageContext, type ParishPage, whyNoEmail } from "./parse-parish-page.js";

/**
 * Every parish on `mgParishCouncilDetailsList.aspx` (all parishes' contact details on one page), in
 * page order. Each parish starts at a section heading (an `h2`–`h4`, an `mgSectionTitle`, or a
 * table caption) naming a council; the headings that start parishes are the ones marked up like the
 * first heading that names a council, so a "Contact details" subheading does not start a parish.
 */
export function parseParishDetailsList(html: string, context: PageContext = {}): ParishPage[] {
  const { document } = loadHtml(html);
  const heading = findHeading(document);
  const lines = layoutLines(document, heading, findContainer(document, heading));
  const own = ownLines(lines).filter((l) => l.block !== heading);

  const first = own.find(
    (l) => isSectionHeading(l.block) && COUNCILISH.test(l.text) && !isFieldHeading(l.text),
  );
  if (!first?.block) return [];
  const signature = signatureOf(first.block);

  const sections: { title: string; lines: Line[] }[] = [];
  for (const line of own) {
    if (
      line.block &&
      signatureOf(line.block) === signature &&
      isSectionHeading(line.block) &&
      !isFieldHeading(line.text)
    ) {
      const title = cleanTitle(line.text);
      if (title) sections.push({ title, lines: [] });
    } else {
      sections[sections.length - 1]?.lines.push(line);
    }
  }
  return sections.map(({ title, lines: sectionLines }) => {
    const contact = readContact(sectionLines, context);
    const page: ParishPage = { title, ...contact };
    if (!page.email) page.problems.push(...whyNoEmail(lines, own, page.problems));
    return page;
  });
}

const COUNCILISH = /\b(parish|town|community|village|council|meeting|cyngor|cymuned)\b/i;

/**
 * A subheading marked up like the parishes' own ("Contact information", "Parish Clerk") heads a
 * part of the current parish, not a new parish.
 */
function isFieldHeading(text: string): boolean {
  if (isContactLabel(text) || /\b(?:clerk|clerc|chair\w*|cadeirydd)\b/i.test(text)) return true;
  return (
    !COUNCILISH.test(text) && /\b(?:information|details|address|telephone|e-?mail|website)\b/i.test(text)
  );
}

function isSectionHeading(block: Element | undefined): boolean {
  if (!block) return false;
  return /^(h[2-4]|caption)$/.test(block.name) || /\bmgSectionTitle\b/.test(attribute(block, "class"));
}

function signatureOf(block: Element): string {
  return `${block.name}.${attribute(block, "class").trim()}`;
}

import type { ClerkDirectoryEntry } from "./clerk-directory-file.js";
import { escapeHtml } from "./moderngov-escape.js";

/**
 * The parish page templates the local Modern.Gov server can render, one per way real council sites
 * differ: where the chrome is, how fields are laid out, how addresses are written, the language.
 * Every template shows each demo parish's clerk; only the markup around it changes.
 */
export const MODERNGOV_TEMPLATES = [
  /** `<header>`/`<footer>` elements, labelled paragraphs. */
  "standard",
  /** Header and footer as `<div id="header">` / `<div id="footer">`, as many council templates have them. */
  "footer-div",
  /** A sidebar of the district's contacts beside the parish's details. */
  "sidebar",
  /** Details in an `mgStatsTable` with `th` labels. */
  "table",
  /** The clerk's address written "clerk [at] example [dot] org", with no link. */
  "obfuscated",
  /** A "Email the clerk" `mailto:` link with a subject and body query. */
  "mailto-query",
  /** The email field holds the clerk's address, then another with a comment. */
  "several-addresses",
  /** Text entity-encoded twice ("St Aldhelm &amp;amp; Marsh"). */
  "double-encoded",
  /** A Welsh-language site (Clerc, E-bost, Ffôn, Cyfeiriad). */
  "welsh",
  /** Bilingual labels ("Clerk / Clerc:") in a table. */
  "bilingual",
] as const;

export type ModernGovTemplate = (typeof MODERNGOV_TEMPLATES)[number];

/**
 * The council whose site it is, as every page's header, footer and sidebar name it (as real sites
 * do): its name, and its democratic services' address and phone number.
 */
export interface SiteChrome {
  councilName: string;
  email: string;
  phone: string;
}

/** The site's council's own address, shown in the chrome of every page (the default site's). */
export const DISTRICT_EMAIL = "democratic.services@demo-district.example";

/** A site's chrome when none is given: a demo district's. */
export const DEFAULT_CHROME: SiteChrome = {
  councilName: "Demo District Council",
  email: DISTRICT_EMAIL,
  phone: "01632 960000",
};

interface Labels {
  clerk: string;
  email: string;
  phone: string;
  address: string;
  website: string;
  contactDetails: string;
  noContact: string;
  allCouncils: string;
  listTitle: string;
}

const ENGLISH: Labels = {
  clerk: "Clerk",
  email: "Email",
  phone: "Telephone",
  address: "Correspondence address",
  website: "Website",
  contactDetails: "Contact details",
  noContact: "No contact details are held for this council.",
  allCouncils: "All parish councils",
  listTitle: "Parish and town council contact details",
};
const WELSH: Labels = {
  clerk: "Clerc",
  email: "E-bost",
  phone: "Ffôn",
  address: "Cyfeiriad",
  website: "Gwefan",
  contactDetails: "Manylion cyswllt",
  noContact: "Nid oes manylion cyswllt ar gyfer y cyngor hwn.",
  allCouncils: "Pob cyngor cymuned",
  listTitle: "Manylion cyswllt cynghorau cymuned a thref",
};
const BILINGUAL: Labels = {
  clerk: "Clerk / Clerc",
  email: "Email / E-bost",
  phone: "Telephone / Ffôn",
  address: "Address / Cyfeiriad",
  website: "Website / Gwefan",
  contactDetails: "Contact details / Manylion cyswllt",
  noContact: "No contact details are held for this council. / Nid oes manylion cyswllt.",
  allCouncils: "All councils / Pob cyngor",
  listTitle: "Council contact details / Manylion cyswllt cynghorau",
};

function labelsOf(template: ModernGovTemplate): Labels {
  if (template === "welsh") return WELSH;
  if (template === "bilingual") return BILINGUAL;
  return ENGLISH;
}

/** Text for the page: escaped once, or twice where the template double-encodes. */
function text(template: ModernGovTemplate, value: string): string {
  return template === "double-encoded" ? escapeHtml(escapeHtml(value)) : escapeHtml(value);
}

/** The second address the several-addresses template gives, with its comment. */
function otherAddress(email: string): string {
  return `office@${email.slice(email.indexOf("@") + 1)} (for general enquiries)`;
}

/**
 * The councils as the web service describes them under the template: the several-addresses
 * template fills the XML email field as it does the page's ("clerk@x; office@x (for …)").
 */
export function webServiceCouncils(
  councils: ClerkDirectoryEntry[],
  template: ModernGovTemplate,
): ClerkDirectoryEntry[] {
  if (template !== "several-addresses") return councils;
  return councils.map((council) =>
    council.clerk?.email
      ? {
          ...council,
          clerk: { ...council.clerk, email: `${council.clerk.email}; ${otherAddress(council.clerk.email)}` },
        }
      : council,
  );
}

function emailHtml(template: ModernGovTemplate, email: string): string {
  const e = escapeHtml(email);
  switch (template) {
    case "obfuscated":
      return escapeHtml(email.replace("@", " [at] ").replace(/\./g, " [dot] "));
    case "mailto-query":
      return `<a href="mailto:${e}?subject=Enquiry%20from%20the%20district%20website&amp;body=Dear%20Clerk%2C">Email the clerk</a>`;
    case "several-addresses":
      return `${e}; ${escapeHtml(otherAddress(email))}`;
    default:
      return `<a href="mailto:${e}">${e}</a>`;
  }
}

/** The label/value pairs of a council's contact, values already HTML. */
function fields(council: ClerkDirectoryEntry, template: ModernGovTemplate): [string, string][] {
  const labels = labelsOf(template);
  const clerk = council.clerk;
  const rows: [string, string][] = [];
  if (clerk?.name) rows.push([labels.clerk, text(template, clerk.name)]);
  if (clerk?.email) rows.push([labels.email, emailHtml(template, clerk.email)]);
  if (clerk?.phone) {
    const dial = escapeHtml(clerk.phone.replace(/[^\d+]/g, ""));
    rows.push([labels.phone, `<a href="tel:${dial}">${escapeHtml(clerk.phone)}</a>`]);
  }
  const lines = [...(clerk?.address ?? []), ...(clerk?.postcode ? [clerk.postcode] : [])];
  if (lines.length > 0) rows.push([labels.address, lines.map((l) => text(template, l)).join("<br>\n")]);
  if (council.website) {
    const website = escapeHtml(council.website);
    rows.push([labels.website, `<a href="${website}">${website}</a>`]);
  }
  return rows;
}

const TABLE_TEMPLATES = new Set<ModernGovTemplate>(["table", "bilingual"]);

/** A council's contact as the template lays it out; `caption` heads a table layout. */
function contactMarkup(council: ClerkDirectoryEntry, template: ModernGovTemplate, caption: boolean): string {
  const labels = labelsOf(template);
  const rows = fields(council, template);
  if (rows.length === 0) return `<p>${escapeHtml(labels.noContact)}</p>`;
  if (TABLE_TEMPLATES.has(template)) {
    const body = rows
      .map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}:</th><td>${value}</td></tr>`)
      .join("\n");
    const head = caption
      ? `<caption class="mgSectionTitle">${escapeHtml(labels.contactDetails)}</caption>\n`
      : "";
    return `<table class="mgStatsTable">\n${head}${body}\n</table>`;
  }
  return rows
    .map(([label, value]) => {
      const breakBefore = label === labels.address ? "<br>\n" : "";
      return `<p><span class="mgLabel">${escapeHtml(label)}: </span>${breakBefore}${value}</p>`;
    })
    .join("\n");
}

/** One parish's details page (`mgParishCouncilDetails.aspx?ID=<n>`). */
export function detailsPage(
  council: ClerkDirectoryEntry,
  template: ModernGovTemplate,
  chrome: SiteChrome = DEFAULT_CHROME,
): string {
  const labels = labelsOf(template);
  const heading = TABLE_TEMPLATES.has(template)
    ? ""
    : `<h2 class="mgSectionTitle">${escapeHtml(labels.contactDetails)}</h2>\n`;
  return pageShell(
    chrome,
    template,
    `${labels === WELSH ? "Manylion cyngor" : "Parish council details"} - ${council.title}`,
    `<h1 class="mgMainTitleTxt">${text(template, council.title)}</h1>
${heading}<div class="mgUserBody">
${contactMarkup(council, template, true)}
</div>
<p><a href="mgParishCouncilDetails.aspx">${escapeHtml(labels.allCouncils)}</a></p>`,
  );
}

/** Every parish's contact on one page (`mgParishCouncilDetailsList.aspx`). */
export function detailsListPage(
  councils: ClerkDirectoryEntry[],
  template: ModernGovTemplate,
  chrome: SiteChrome = DEFAULT_CHROME,
): string {
  const labels = labelsOf(template);
  const sections = councils
    .map(
      (council) => `<h2 class="mgSectionTitle">${text(template, council.title)}</h2>
<div class="mgUserBody">
${contactMarkup(council, template, false)}
</div>`,
    )
    .join("\n");
  return pageShell(
    chrome,
    template,
    labels.listTitle,
    `<h1 class="mgMainTitleTxt">${escapeHtml(labels.listTitle)}</h1>\n${sections}`,
  );
}

/** The index of parishes (`mgParishCouncilDetails.aspx`). */
export function indexPage(
  councils: ClerkDirectoryEntry[],
  template: ModernGovTemplate,
  chrome: SiteChrome = DEFAULT_CHROME,
): string {
  const items = councils
    .map((c) => `<li><a href="mgParishCouncilDetails.aspx?ID=${c.id}">${text(template, c.title)}</a></li>`)
    .join("\n");
  return pageShell(
    chrome,
    template,
    "Parish councils",
    `<h1 class="mgMainTitleTxt">Parish councils</h1>
<h2 class="mgSectionTitle">Parish and town councils in the district</h2>
<div class="mgLinks">
<ul class="mgBulletList">
${items}
</ul>
</div>`,
  );
}

/** The site chrome round a page's content, as the template has it, naming the site's council. */
function pageShell(chrome: SiteChrome, template: ModernGovTemplate, title: string, content: string): string {
  const lang = template === "welsh" ? "cy" : "en";
  const name = escapeHtml(chrome.councilName);
  const email = escapeHtml(chrome.email);
  const mailto = `<a href="mailto:${email}">${email}</a>`;
  const footerText = `${name}, Democratic Services, ${mailto}, ${escapeHtml(chrome.phone)}`;
  const divChrome = template === "footer-div" || template === "welsh";
  const header = divChrome
    ? `<div id="header" class="container"><p class="mgSiteName">${name}</p></div>`
    : `<header id="mgHeader"><p class="mgSiteName">${name}</p></header>`;
  const footer = divChrome
    ? `<div id="footer" class="container"><p>${footerText}</p></div>`
    : `<footer id="mgFooter"><p>${footerText}</p></footer>`;
  const sidebar =
    template === "sidebar"
      ? `\n<div class="mgSideBar">
<h2 class="mgSectionTitle">Contact us</h2>
<p><span class="mgLabel">Contact: </span>Democratic Services</p>
<p><span class="mgLabel">Email: </span>${mailto}</p>
<p><span class="mgLabel">Telephone: </span>${escapeHtml(chrome.phone)}</p>
</div>`
      : "";
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<title>${text(template, title)} | ${name}</title>
</head>
<body>
${header}
<div id="modgov">
<div class="mgContent">
${content}
</div>${sidebar}
</div>
${footer}
</body>
</html>
`;
}

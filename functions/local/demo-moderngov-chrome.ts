import { demoCouncils } from "./demo-councils.js";
import type { SiteChrome } from "./moderngov-templates.js";

/**
 * Each demo council's Modern.Gov site as its pages name it: the council's name, its democratic
 * services at its own domain, and its phone number. By council id, as the clerk directory file
 * names the council whose site lists each parish.
 */
export function demoModernGovChrome(): Record<string, SiteChrome> {
  // The site addresses do not matter here: only the councils' names and contacts are read.
  return Object.fromEntries(
    demoCouncils("").map((council) => [
      council.id,
      {
        councilName: council.name,
        email: `democratic.services@${council.sendingDomain}`,
        phone: council.publicInfo.contact.phone,
      },
    ]),
  );
}

import type { PublicInfo } from "../config/public-info.js";

/**
 * The fictional demo council's contacts and accessibility statement settings, as `npm start` gives
 * them to the web function (cdk.json's demo environment holds the same; a test checks they agree).
 * The fictional service has no known WCAG failure, so it says "full", and that it is not yet
 * audited as an improvement to come: a real deployment sets its own status, issues and dates from
 * its own testing and audit.
 */
export const DEMO_PUBLIC_INFO: PublicInfo = {
  // The fictional council's usual answers: parish clerks meet monthly and work part-time.
  responseTimes: { parishWorkingDays: 15, districtWorkingDays: 10 },
  contact: {
    email: "customer.services@exampleshire-vale.example.org",
    phone: "01632 960000",
    address: [
      "Exampleshire Vale District Council",
      "Council Offices",
      "Market Street",
      "Exampleton",
      "ZX1 5ZB",
    ],
  },
  dataProtection: {
    email: "data.protection@exampleshire-vale.example.org",
    address: [
      "Data Protection Officer",
      "Exampleshire Vale District Council",
      "Council Offices",
      "Market Street",
      "Exampleton",
      "ZX1 5ZB",
    ],
  },
  accessibility: {
    // No known failure of WCAG 2.2 AA (axe finds none on any page, keyboard and no-JavaScript
    // journeys are tested), so "full"; that no specialist has audited it is not a failure, so it is
    // said under "What we're doing to improve accessibility" instead.
    status: "full",
    knownIssues: [],
    improvements: [
      "Every page is tested in a browser with automated accessibility checks (axe, WCAG 2.2 A and AA), with a keyboard and without JavaScript",
      "It has not yet been audited by an accessibility specialist. We plan to have it audited before the public use it, and will list here anything the audit finds",
    ],
    preparedOn: "2026-11-23",
    reviewedOn: "2026-12-03",
    testedOn: "2026-12-03",
    testedBy: "the council's digital team",
    replyWorkingDays: 10,
  },
};

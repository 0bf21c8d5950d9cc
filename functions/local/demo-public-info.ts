import type { PublicInfo } from "../config/public-info.js";

/**
 * The fictional demo council's contacts and accessibility statement settings, as `npm start` gives
 * them to the web function (cdk.json's demo environment holds the same; a test checks they agree).
 * The fictional council has no audit, so its statement honestly says partial, and why: a real
 * deployment sets its own status, issues and dates from its own audit.
 */
export const DEMO_PUBLIC_INFO: PublicInfo = {
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
    status: "partial",
    knownIssues: [
      {
        description:
          "The service has been checked only with automated tests (axe) and by its developers, not yet audited by an accessibility specialist, so it may have problems we do not know about",
        plan: "A real council should have it audited and list here what the audit finds",
      },
    ],
    preparedOn: "2026-11-23",
    reviewedOn: "2026-12-03",
    testedOn: "2026-12-03",
    testedBy: "the council's digital team",
    replyWorkingDays: 10,
  },
};

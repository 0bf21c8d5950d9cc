import type { Case, Destination } from "../case/case.js";
import { mayShareWith } from "../case/consent.js";

/**
 * Where a reply to a report email goes: to the resident only where they gave an email address,
 * agreed to share their details with this recipient, and the email carries no one-click links;
 * otherwise to the district team's mailbox. Dispatch sets Reply-To from this, and the email's
 * "How to reply" says the same.
 *
 * `links`: a reply quotes the email, and the links are bearer links (anyone holding one can answer
 * as the clerk), so an email carrying them is never answered straight to the resident. The clerk
 * writes to a resident who agreed to share (`resident`) in a new email instead.
 */
export type ReplyRoute =
  | { to: "resident"; address: string }
  | { to: "district"; address: string; because: "no-email" | "not-shared" }
  | { to: "district"; address: string; because: "links"; resident: string };

export function replyRouteFor(
  report: Pick<Case, "reporter" | "routing">,
  recipient: Pick<Destination, "kind" | "code">,
  districtEmail: string,
  options: { links: boolean },
): ReplyRoute {
  const email = report.reporter?.email;
  if (!email) return { to: "district", address: districtEmail, because: "no-email" };
  if (!mayShareWith(report, recipient))
    return { to: "district", address: districtEmail, because: "not-shared" };
  // The district team never gets one-click links: it answers in the case log.
  if (options.links && recipient.kind !== "district")
    return { to: "district", address: districtEmail, because: "links", resident: email };
  return { to: "resident", address: email };
}

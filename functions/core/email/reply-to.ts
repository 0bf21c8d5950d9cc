import type { Case, Destination } from "../case/case.js";
import { mayShareWith } from "../case/consent.js";

/**
 * Where a reply to a report email goes: to the resident only where they gave an email address and
 * agreed to share their details with this recipient, otherwise to the district team's mailbox.
 * Dispatch sets Reply-To from this, and the email's "How to reply" says the same.
 */
export type ReplyRoute =
  | { to: "resident"; address: string }
  | { to: "district"; address: string; because: "no-email" | "not-shared" };

export function replyRouteFor(
  report: Pick<Case, "reporter" | "routing">,
  recipient: Pick<Destination, "kind" | "code">,
  districtEmail: string,
): ReplyRoute {
  const email = report.reporter?.email;
  if (!email) return { to: "district", address: districtEmail, because: "no-email" };
  if (!mayShareWith(report, recipient))
    return { to: "district", address: districtEmail, because: "not-shared" };
  return { to: "resident", address: email };
}

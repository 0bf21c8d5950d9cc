import type { Case, Destination } from "./case.js";

/**
 * Whether the resident's contact details (name, email, phone) may go to this body. The district
 * always gets them: it is the data controller. A parish council gets them only if the resident
 * agreed to share with that very council when they reported; whoever else later gets the case (a
 * re-route by staff, a fallback) gets it without them.
 */
export function mayShareWith(
  report: Pick<Case, "reporter" | "routing">,
  destination: Pick<Destination, "kind" | "code">,
): boolean {
  if (destination.kind === "district") return true;
  const reporter = report.reporter;
  if (!reporter) return false;
  if (reporter.sharedWith) return reporter.sharedWith.includes(destination.code);
  // Cases stored before the list existed: the one parish the resident was asked about is the
  // parish the point was found in.
  return (
    reporter.shareWithParish &&
    report.routing.area.kind === "parish" &&
    destination.code === report.routing.area.code
  );
}

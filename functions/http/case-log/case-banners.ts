import type { Case } from "#core/case/case.js";
import type { BodyNames } from "./body-names.js";
import { statusLabels } from "./labels.js";
import { staffPaths } from "./paths.js";

/**
 * The success banner a case page shows after an action. The action redirects to the case with
 * `?done=<code>`; the page words the banner from this fixed list and the case as it is now, so
 * nothing from the query is ever shown, and an unknown code shows nothing. Reloading the page
 * shows the banner again, which says no more than the timeline does.
 */
export const DONE_CODES = [
  "status",
  "public-update",
  "note",
  "rerouted",
  "sent-again",
  "linked",
  "unlinked",
  "progress-emails-stopped",
] as const;
export type DoneCode = (typeof DONE_CODES)[number];

/** Where an action sends staff when it is done: back to the case, with its banner. */
export const caseDone = (reference: string, done: DoneCode): string =>
  `${staffPaths.case(reference)}?done=${done}`;

export interface Banner {
  heading: string;
  body?: string;
}

const BANNERS: Record<DoneCode, (report: Case, names: BodyNames) => Banner> = {
  status: (report) => ({ heading: `Status changed to ${statusLabels[report.status]}` }),
  "public-update": () => ({ heading: "Update for the public saved" }),
  note: () => ({ heading: "Note added" }),
  rerouted: (report, names) => ({
    heading: `Case re-routed to ${names.of(report.destination).name}`,
    body: "The report will be emailed to them. The timeline shows when it has been sent.",
  }),
  "sent-again": () => ({
    heading: "Report queued to be emailed again",
    body: "The timeline shows when it has been sent.",
  }),
  linked: () => ({ heading: "Case linked as a possible duplicate" }),
  unlinked: () => ({ heading: "Cases unlinked: marked as not duplicates" }),
  "progress-emails-stopped": () => ({
    heading: "Progress emails stopped",
    body: "The resident will not be emailed about this case again. The timeline records that they asked.",
  }),
};

export function bannerFor(query: URLSearchParams, report: Case, names: BodyNames): Banner | undefined {
  const done = query.get("done");
  const code = DONE_CODES.find((c) => c === done);
  return code ? BANNERS[code](report, names) : undefined;
}

import type { Case } from "#core/case/case.js";
import { clientDataFor, leftOutSentences, signpostSentence } from "#core/email/client-data.js";
import { mayHaveContact } from "./role-view.js";
import type { StaffIdentity } from "./token-verifier.js";

/**
 * The case page's signpost warning and "Also sent by the client" section: what the resident's app
 * sent beyond our fields, as this person may see it (a clerk without the resident's consent gets
 * nothing that may hold their details). Photo links are https only and are never fetched or shown
 * as images; the view escapes everything.
 */
export function clientDataView(identity: StaffIdentity, report: Case) {
  const data = clientDataFor(report, mayHaveContact(identity, report));
  return {
    signpost: report.signpost ? signpostSentence(report.signpost) : undefined,
    fromClient: data && {
      attributes: data.attributes,
      photos: data.photos.map(({ href, host }, i) => ({
        href,
        text: `Photo ${i + 1} (opens the client's copy on ${host})`,
      })),
      notUsed: data.notUsed,
      leftOut: leftOutSentences(data),
    },
  };
}

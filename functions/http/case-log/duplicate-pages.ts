import { parseReference } from "#core/case/reference.js";
import { ValidationError } from "#core/errors.js";
import { createDuplicateLinks } from "#core/use-cases/duplicate-links.js";
import { caseDone } from "./case-banners.js";
import { type CaseLogContext, type CaseLogResult, canSee } from "./case-log-types.js";
import { casePage } from "./case-page.js";
import { notFound } from "./paths.js";

/**
 * Staff link a case to another they judge a repeat, or unlink a pair the finder marked. Clerks see
 * the marks but may not change them (the use case refuses them). The form's `duplicateOf` names the
 * other case; a mistake in it shows the case page again with the message.
 */
export const linkDuplicatePost = (ctx: CaseLogContext) => changeLink(ctx, "link");
export const unlinkDuplicatePost = (ctx: CaseLogContext) => changeLink(ctx, "unlink");

async function changeLink(ctx: CaseLogContext, change: "link" | "unlink"): Promise<CaseLogResult> {
  const { deps, identity, request } = ctx;
  const reference = parseReference(request.param);
  const found = reference ? await deps.caseStore.get(reference) : undefined;
  if (!found || !identity || !canSee(identity, found, deps.councils)) return notFound();
  // Built per request from the store and clock the case log already has: nothing to wire.
  const links = createDuplicateLinks({
    caseStore: deps.caseStore,
    clock: deps.clock,
    councils: deps.councils,
  });
  try {
    await links[change](
      found.reference,
      request.form.duplicateOf ?? "",
      identity.email ?? identity.sub,
      identity.role,
    );
  } catch (error) {
    if (error instanceof ValidationError) {
      const errors = error.issues.map((i) => ({ field: i.field, message: i.message }));
      return casePage(ctx, errors, request.form);
    }
    throw error;
  }
  return { kind: "redirect", location: caseDone(found.reference, change === "link" ? "linked" : "unlinked") };
}

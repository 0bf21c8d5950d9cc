import { BODY_KIND_WORDS } from "#core/case/bodies.js";
import type { Case, Destination } from "#core/case/case.js";
import { mayShareWith } from "#core/case/consent.js";
import { ForbiddenError } from "#core/errors.js";
import { MAX_NOTE_LENGTH } from "#core/use-cases/staff-actions.js";
import type { FieldError } from "../form-errors.js";
import { page } from "../page-result.js";
import { bodyNames } from "./body-names.js";
import type { CaseLogContext, CaseLogResult } from "./case-log-types.js";
import { casePage, visibleCase } from "./case-page.js";
import { rerouteChoices } from "./council-bodies.js";
import { notFound, staffPaths } from "./paths.js";

/**
 * The step between choosing a council on the case page and re-routing: it says what will happen
 * and asks why. A GET (the case page's form), so it changes nothing and can be reloaded; its own
 * form posts, with the CSRF token, to the re-route action, which does it.
 */
export async function rerouteConfirmPage(ctx: CaseLogContext): Promise<CaseLogResult> {
  if (ctx.identity?.role !== "staff") throw new ForbiddenError("Only council staff can re-route a case.");
  const found = await visibleCase(ctx);
  if (!found) return notFound();
  const target = rerouteTarget(ctx, found, ctx.request.query.get("destination") ?? undefined);
  if (!target.ok) return casePage(ctx, [target.error], {});
  return rerouteConfirmation(ctx, found, target.to);
}

/**
 * The destination chosen, if the case may go there: the council, one of its parishes or a body
 * covering the case's location (`rerouteChoices`), and (when choosing, not confirming: a
 * confirmation sent twice finds the case there already) not where it is.
 */
export function rerouteTarget(
  ctx: CaseLogContext,
  found: Case,
  code: string | undefined,
  confirming = false,
): { ok: true; to: Destination } | { ok: false; error: FieldError } {
  const to = code === undefined ? undefined : rerouteChoices(ctx.deps, found).find((d) => d.code === code);
  if (!to) return { ok: false, error: { field: "destination", message: "Select where to send the case" } };
  if (!confirming && to.code === found.destination.code) {
    return {
      ok: false,
      error: { field: "destination", message: "The case is already sent there. Select another council" },
    };
  }
  return { ok: true, to };
}

export function rerouteConfirmation(
  ctx: CaseLogContext,
  found: Case,
  to: Destination,
  errors: FieldError[] = [],
  values: { reason?: string } = {},
): CaseLogResult {
  const names = bodyNames(ctx.deps);
  const from = names.of(found.destination);
  const target = names.of(to);
  const hasContact = Boolean(found.reporter?.name || found.reporter?.email || found.reporter?.phone);
  return page(
    "reroute-confirm.njk",
    {
      title: `Re-route case ${found.reference} to ${target.name}`,
      reference: found.reference,
      from: { name: from.name, kind: BODY_KIND_WORDS[from.kind] },
      to: { name: target.name, kind: BODY_KIND_WORDS[target.kind], code: to.code },
      toDistrict: to.kind === "district",
      toParish: to.kind === "parish",
      fromCode: found.destination.code,
      contact: !hasContact
        ? "The resident left no contact details."
        : mayShareWith(found, to)
          ? `The resident's contact details go with it: ${to.kind === "district" ? "the district council always has them" : `they agreed to share them with ${target.name}`}.`
          : `The resident's contact details do not go with it: they did not agree to share them with ${target.name}. Replies go to the district council.`,
      fromLoses:
        found.destination.kind === "parish"
          ? `${from.name} will no longer see the case in the case log.`
          : "",
      action: staffPaths.reroute(found.reference),
      caseLink: staffPaths.case(found.reference),
      maxLength: MAX_NOTE_LENGTH,
      values,
    },
    errors,
  );
}

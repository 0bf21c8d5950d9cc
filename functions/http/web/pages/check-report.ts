import { londonDateWords } from "#core/case/london-time.js";
import { parseReference } from "#core/case/reference.js";
import { TooManyRequestsError } from "#core/errors.js";
import type { PublicReportView } from "#core/use-cases/check-report.js";
import type { FieldError } from "../../form-errors.js";
import { withHeaders } from "../../page-result.js";
import { type PageResult, page, type WebAppDeps, type WebRequest } from "../web-types.js";

/** One refusal for every way a look-up can fail, so a reference or an address cannot be probed. */
export const NOT_FOUND_MESSAGE =
  "We could not find a report with that reference and email address or postcode";
const NOT_FOUND_STATUS = 404;
/** Longer than any email address (254) or postcode: anything longer is not one. */
const MAX_ANSWER_LENGTH = 254;
const MAX_REFERENCE_LENGTH = 40;

/**
 * "Check your report": the reference and the email address or postcode given, in a POST (never a
 * URL). A postcode shows the report's public status; an email address always gets "we have emailed
 * it if it is the one given" (see check-report.ts for why). Nothing personal is shown, and every
 * page says noindex.
 */
export async function checkReportPage(deps: WebAppDeps, request: WebRequest): Promise<PageResult> {
  const form = formContext(deps);
  if (request.method !== "POST") return page("check-report.njk", form);

  const typed = {
    reference: (request.form.reference ?? "").trim(),
    answer: (request.form.answer ?? "").trim(),
  };
  const values = { ...form, values: typed };
  const errors: FieldError[] = [];
  const reference =
    typed.reference.length <= MAX_REFERENCE_LENGTH ? parseReference(typed.reference) : undefined;
  if (!typed.reference) errors.push({ field: "reference", message: "Enter your report reference" });
  else if (!reference) {
    errors.push({
      field: "reference",
      message: `Enter a reference in the correct format, like ${form.example}`,
    });
  }
  if (!typed.answer) {
    errors.push({ field: "answer", message: "Enter the email address or postcode you gave" });
  } else if (typed.answer.length > MAX_ANSWER_LENGTH) {
    errors.push({
      field: "answer",
      message: `Email address or postcode must be ${MAX_ANSWER_LENGTH} characters or fewer`,
    });
  }
  if (errors.length > 0 || !reference) return page("check-report.njk", values, errors);

  try {
    const outcome = await deps.checkReport({ reference, answer: typed.answer, client: request.client });
    if (outcome.kind === "emailed-if-given") {
      // The same page whether or not the address was the one given: nothing here tells them apart.
      return page("check-report-emailed.njk", { title: "Check your email", reference });
    }
    if (outcome.kind === "not-found") {
      return page(
        "check-report.njk",
        values,
        [{ field: "reference", message: NOT_FOUND_MESSAGE }],
        NOT_FOUND_STATUS,
      );
    }
    return page("check-report-result.njk", {
      title: "Your report",
      report: resultView(outcome.report),
      // The case's own council, on a deployment serving several (the form's otherwise).
      ...(outcome.report.council ? { councilName: outcome.report.council.name } : {}),
    });
  } catch (error) {
    if (!(error instanceof TooManyRequestsError)) throw error;
    return withHeaders(
      page(
        "check-report-too-many.njk",
        { title: "Too many attempts", wait: waitWords(error.retryAfterSeconds) },
        [],
        429,
      ),
      { "retry-after": String(error.retryAfterSeconds) },
    );
  }
}

function formContext(deps: WebAppDeps) {
  const prefix = [...deps.services.values()][0]?.referencePrefix ?? "SPD";
  return { title: "Check your report", example: `${prefix}-4K7M-2QPD` };
}

/** The result in the words a resident reads: dates in London, in words. */
function resultView(report: PublicReportView) {
  return {
    reference: report.reference,
    serviceName: report.serviceName,
    reportedOn: londonDateWords(report.reportedAt),
    bodyName: report.bodyName,
    statusLabel: report.statusLabel,
    ...(report.latestUpdate
      ? {
          latestUpdate: {
            on: londonDateWords(report.latestUpdate.at),
            statusLabel: report.latestUpdate.statusLabel,
            text: report.latestUpdate.text,
          },
        }
      : {}),
  };
}

/** "45 seconds", "20 minutes", "5 hours": a wait as a resident reads it, rounded up. */
export function waitWords(seconds: number): string {
  const plural = (n: number, unit: string) => (n === 1 ? `1 ${unit}` : `${n} ${unit}s`);
  if (seconds < 60) return plural(seconds, "second");
  if (seconds < 3600) return plural(Math.ceil(seconds / 60), "minute");
  return plural(Math.ceil(seconds / 3600), "hour");
}

import { ForbiddenError, NotFoundError, SignpostedError, ValidationError } from "#core/errors.js";
import { clientOf } from "../client-identity.js";
import { logger } from "../logger.js";
import { countReportReceived } from "../metrics.js";
import { readFormBody } from "../middleware/form-body.js";
import { open311Response } from "./format.js";
import type { Open311Request } from "./open311-types.js";
import { parseRequestForm } from "./request-form.js";
import { checkJurisdiction } from "./requests-resource.js";

/** POST requests: a client's report, through the same intake as the form and the JSON API. */
export async function postRequest({ event, format, deps, validKey }: Open311Request) {
  const fields = readFormBody(event);
  if (!validKey(fields.api_key)) {
    logger.info("Open311 request refused", { status: 403, keyGiven: Boolean(fields.api_key) });
    throw new ForbiddenError(fields.api_key ? "api_key is not valid" : "api_key is required");
  }
  checkJurisdiction(fields.jurisdiction_id, deps);
  const code = fields.service_code?.trim();
  if (!code) {
    throw new ValidationError([
      { field: "service_code", message: "give the code of a service from services.json" },
    ]);
  }
  const service = deps.services.get(code);
  if (!service) throw new NotFoundError(`service_code ${code} not found`);

  const parsed = parseRequestForm(fields, service);
  if (!parsed.ok) throw new ValidationError(parsed.issues);
  const result = await deps.submitReport(parsed.input, {
    client: clientOf(event, fields.api_key, deps.edge),
  });
  countReportReceived(result);
  if (result.outcome === "signpost") {
    logger.info("Signposted", { serviceCode: code, rule: result.ruleId, channel: "open311" });
    throw new SignpostedError(result.ruleId, result.signpost);
  }
  logger.info("Report stored", {
    reference: result.reference,
    destination: result.destination.code,
    channel: "open311",
  });
  const notice =
    result.destination.kind === "parish"
      ? `Sent to the parish council for ${result.destination.name}`
      : `Sent to ${deps.councilName}`;
  return open311Response(201, format, "service_requests", [
    { service_request_id: result.reference, service_notice: notice, account_id: null },
  ]);
}

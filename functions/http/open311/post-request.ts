import { createHash } from "node:crypto";
import { bodyFor } from "#core/case/bodies.js";
import { notOfferedMessage, offers } from "#core/councils/offers.js";
import { NotFoundError, SignpostedError, ValidationError } from "#core/errors.js";
import type { Signpost } from "#core/routing/service-schema.js";
import { clientOf } from "../client-identity.js";
import { logger } from "../logger.js";
import { countReportReceived } from "../metrics.js";
import { type FormBodyOptions, readForm } from "../middleware/form-body.js";
import { open311Response } from "./format.js";
import { councilForKey, notThisKeys } from "./jurisdiction.js";
import type { Open311Request } from "./open311-types.js";
import { parseRequestForm } from "./request-form.js";

/**
 * How large an Open311 body may be. Text: 256 KB. The largest report we keep whole is a
 * 4,000-character description of three-byte characters, percent-encoded (9 bytes each: 36 KB),
 * 30 extra attributes of 500 such characters (4.5 KB each: 135 KB), five 2,048-character photo
 * links (up to 6 KB each encoded: 30 KB) and a few KB of names and address: about 210 KB, so
 * 256 KB holds it with room to spare (a typical FixMyStreet report is 1 to 3 KB). Multipart
 * (photo files, counted and dropped): 6 MB, so no body that reaches the function is refused for its
 * photos. In AWS fewer reach it: Lambda takes an event of at most 6 MB, and API Gateway sends a
 * multipart body as base64 (a third larger), so a body over about 4.4 MB is refused before it gets
 * here (README, "Signpost as FixMyStreet's Open311 endpoint").
 */
export const OPEN311_FORM: FormBodyOptions = {
  maxBytes: 256 * 1024,
  // Long attribute codes are named in notUsed, not refused with the report.
  maxNameLength: 1000,
  multipartMaxBytes: 6 * 1024 * 1024,
};

/** POST requests: a client's report, through the same intake as the form and the JSON API. */
export async function postRequest({ event, format, deps, keyCouncil }: Open311Request) {
  const { fields, pairs, files } = readForm(event, OPEN311_FORM);
  const owner = keyCouncil(fields.api_key);
  if (!owner) logger.info("Open311 request refused", { status: 403, keyGiven: Boolean(fields.api_key) });
  // The key's council: reports with it are for that council's area only.
  const council = councilForKey(owner, fields.api_key, fields.jurisdiction_id, deps.councils);
  const code = fields.service_code?.trim();
  if (!code) {
    throw new ValidationError([
      { field: "service_code", message: "give the code of a service from services.json" },
    ]);
  }
  const service = deps.services.get(code);
  if (!service) throw new NotFoundError(`service_code ${code} not found`);
  // The key's council is the location's (checked below): it takes only the services it offers.
  if (!offers(council, service.id)) {
    throw new ValidationError([{ field: "service_code", message: notOfferedMessage(council, service) }]);
  }

  const parsed = parseRequestForm(fields, service, { pairs, files });
  if (!parsed.ok) throw new ValidationError(parsed.issues);
  const at = deps.councilAt && (await deps.councilAt(parsed.input.location));
  if (at && at.id !== council.id) {
    throw notThisKeys("lat" in parsed.input.location ? "lat" : "address_string", council);
  }
  // The resident has already pressed send in their app: a signpost is recorded, not refused.
  const result = await deps.submitReport(parsed.input, {
    client: clientOf(event, fields.api_key, deps.clientKeys),
    idempotencyKey: resendKey(pairs),
    signposts: "record",
    ...(parsed.fromClient ? { fromClient: parsed.fromClient } : {}),
  });
  countReportReceived(result);
  if (result.outcome === "signpost") {
    // Not reached with signposts recorded; kept so a change there cannot lose a report silently.
    throw new SignpostedError(result.ruleId, result.signpost);
  }
  logger.info("Report stored", {
    reference: result.reference,
    destination: result.destination.code,
    channel: "open311",
    ...(result.signpost ? { signposted: true } : {}),
    ...(parsed.fromClient?.notUsed ? { notUsed: parsed.fromClient.notUsed.length } : {}),
  });
  // Named as the body names itself: "Sent to Little Wendle Parish Meeting".
  const sentTo = `Sent to ${bodyFor(result.destination, deps.bodies ?? new Map(), council.name).name}`;
  const notice = result.signpost ? `${signpostNotice(result.signpost)} ${sentTo}.` : sentTo;
  return open311Response(201, format, "service_requests", [
    { service_request_id: result.reference, service_notice: notice, account_id: null },
  ]);
}

/** What the rules would have told the resident, for the app to show them now. */
export function signpostNotice({ title, message, link }: Signpost): string {
  return [`${title}.`, message, ...(link ? [`${link.text}: ${link.href}`] : [])].join(" ");
}

/**
 * Open311 has no idempotency key, and FixMyStreet resends a report whose answer it did not get (a
 * timeout, a 5xx) with the same fields, in another order and, for multipart, another boundary. The
 * hash of its fields, sorted, is the key (scoped to the client by submitReport), so a resend within
 * a day answers with the first case's reference instead of making a second case and email.
 */
export function resendKey(pairs: ReadonlyArray<readonly [string, string]>): string {
  // By name only, and stably: a repeated field's values keep the order sent, which decides which
  // one is read (the first), so two reports that differ there never share a key.
  const fields = pairs
    .filter(([name]) => name !== "api_key")
    .map(([name, value], at) => ({ name, value, at }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.at - b.at))
    .map(({ name, value }) => JSON.stringify([name, value]));
  return `open311-${createHash("sha256").update(fields.join("\n"), "utf8").digest("hex")}`;
}

import * as z from "zod";
import { parseReference } from "#core/case/reference.js";
import { NotFoundError, ValidationError } from "#core/errors.js";
import { singleLine } from "#core/input/report-input.js";
import { clientOf } from "../client-identity.js";
import { logger } from "../logger.js";
import { readForm } from "../middleware/form-body.js";
import { fieldIssues } from "../zod-issues.js";
import { open311Response } from "./format.js";
import { collectFromClient } from "./from-client.js";
import { councilForKey } from "./jurisdiction.js";
import { keptDescription } from "./kept-description.js";
import type { Open311Request } from "./open311-types.js";
import { OPEN311_FORM } from "./post-request.js";
import { isCouncils } from "./requests-resource.js";

/**
 * A resident's update as FixMyStreet POSTs it (perllib/Open311.pm, post_service_request_update):
 * our reference, its own comment id, the text, the state it says the report is in, and photo
 * links. Its name, email and phone are not kept: the update is public on FixMyStreet already, and
 * the case has the reporter's own details.
 */
const required = (max: number, name: string) =>
  z
    .string({ error: `${name} is required` })
    .pipe(singleLine(max, name))
    .pipe(z.string().min(1, `${name} is required`));

const updateSchema = z.object({
  service_request_id: required(40, "service_request_id"),
  update_id: required(100, "update_id"),
  description: z.string().optional(),
  // Only for staff to read: anything but a plain status word is left out, never refused.
  status: z.string().optional(),
});

/**
 * POST servicerequestupdates: mySociety's extension for a client's own updates. Recorded on the
 * case's timeline for staff and the clerk, once per client update id (a retry answers with the
 * same update_id), and never changing the case: a resident saying "fixed" is for staff to check.
 */
export async function postRequestUpdate({ event, format, deps, keyCouncil }: Open311Request) {
  const { fields, pairs } = readForm(event, OPEN311_FORM);
  const owner = keyCouncil(fields.api_key);
  if (!owner) logger.info("Open311 request refused", { status: 403, keyGiven: Boolean(fields.api_key) });
  const council = councilForKey(owner, fields.api_key, fields.jurisdiction_id, deps.councils);
  const parsed = updateSchema.safeParse(fields);
  if (!parsed.success) throw new ValidationError(fieldIssues(parsed.error));
  const photos = collectFromClient();
  for (const [name, value] of pairs) if (name === "media_url") photos.mediaUrl(value);
  const mediaUrls = photos.result()?.mediaUrls ?? [];
  const { service_request_id: id, update_id: clientUpdateId } = parsed.data;
  const status = /^[A-Za-z][A-Za-z_ ]{0,39}$/.test(parsed.data.status?.trim() ?? "")
    ? parsed.data.status?.trim()
    : undefined;
  // Cleaned and bounded as a report's description is, never refused for it: a refusal is a send
  // FixMyStreet retries for ever.
  const text = keptDescription(parsed.data.description ?? "", collectFromClient());
  if (text === "" && mediaUrls.length === 0) {
    throw new ValidationError([{ field: "description", message: "give the update's text or a photo link" }]);
  }
  const reference = parseReference(id);
  if (!reference) throw new NotFoundError(`service_request_id ${id} not found`);
  // A key updates its own council's requests only (one council: every case is its own).
  if (deps.councils.all.length > 1) {
    const found = await deps.caseStore.get(reference);
    if (!found || !isCouncils(council, deps)(found))
      throw new NotFoundError(`service_request_id ${id} not found`);
  }

  const recorded = await deps.recordClientUpdate({
    reference,
    clientUpdateId,
    client: clientOf(event, fields.api_key, deps.clientKeys),
    text,
    ...(status ? { clientStatus: status.trim().toUpperCase() } : {}),
    mediaUrls,
  });
  logger.info("Client update recorded", { reference, replayed: recorded.replayed });
  return open311Response(201, format, "service_request_updates", [{ update_id: recorded.updateId }]);
}

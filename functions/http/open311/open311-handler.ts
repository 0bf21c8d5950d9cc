import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import type { Case } from "#core/case/case.js";
import { parseReference } from "#core/case/reference.js";
import { OutsideDistrictError, ValidationError } from "#core/errors.js";
import type { CaseStore } from "#core/ports/case-store.js";
import type { Clock } from "#core/ports/clock.js";
import type { ServiceDefinition } from "#core/routing/service-schema.js";
import type { createSubmitReport } from "#core/use-cases/submit-report.js";
import { logger } from "../logger.js";
import { readFormBody } from "../web/form-body.js";
import { createApiKeyCheck } from "./api-keys.js";
import { errorResponse, type Format, open311Response } from "./format.js";
import { CASE_STATUSES, type Open311Status, publicRequest } from "./public-request.js";
import { open311Field, parseRequestForm } from "./request-form.js";
import { serviceDefinition, serviceList } from "./service-catalogue.js";

export const OPEN311_PREFIX = "/open311/v2/";
/** When this endpoint's discovery document last changed. */
const CHANGESET = "2026-01-01T00:00:00Z";
const DAY_MS = 86_400_000;
/** The spec's default window and most requests returned by one search. */
const DEFAULT_DAYS = 90;
const MAX_REQUESTS = 1000;

export interface Open311Deps {
  submitReport: ReturnType<typeof createSubmitReport>;
  services: ReadonlyMap<string, ServiceDefinition>;
  caseStore: CaseStore;
  clock: Clock;
  /** SHA-256 hex digests of the client keys allowed to POST requests. */
  apiKeyHashes: readonly string[];
  /** The only `jurisdiction_id` accepted (the district's ONS code); it is optional for clients. */
  jurisdictionId: string;
  councilName: string;
  /** Where clients ask for help and for a key. */
  contactEmail: string;
}

type Result = APIGatewayProxyResultV2;

/** Open311 GeoReport v2 under /open311/v2/: discovery, services, and requests in JSON or XML. */
export function createOpen311Handler(deps: Open311Deps) {
  const validKey = createApiKeyCheck(deps.apiKeyHashes);

  return middy<APIGatewayProxyEventV2, Result>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event) => {
      const resource = event.rawPath.startsWith(OPEN311_PREFIX)
        ? event.rawPath.slice(OPEN311_PREFIX.length)
        : "";
      const match = /^(discovery|services|requests)(?:\/([^/]+?))?\.(json|xml)$/.exec(resource);
      // Even a resource we do not have is answered in the format its extension asks for.
      const format: Format = event.rawPath.endsWith(".xml") ? "xml" : "json";
      try {
        if (!match) {
          return errorResponse(
            404,
            format,
            `There is no ${event.rawPath}; resources end in .json or .xml, e.g. ${OPEN311_PREFIX}services.json`,
          );
        }
        const [, kind, id] = match as unknown as [string, string, string | undefined];
        const method = event.requestContext.http.method;
        const allowed = kind === "requests" && id === undefined ? ["GET", "POST"] : ["GET"];
        if (!allowed.includes(method)) {
          return errorResponse(405, format, `Use ${allowed.join(" or ")} here`, {
            allow: allowed.join(", "),
          });
        }
        const query = event.queryStringParameters ?? {};

        if (kind === "discovery") return open311Response(200, format, "discovery", discovery(event, deps));
        if (method === "POST") return await postRequest(event, format, deps, validKey);
        const jurisdiction = checkJurisdiction(query.jurisdiction_id, format, deps);
        if (jurisdiction) return jurisdiction;
        if (kind === "services") {
          if (id === undefined) return open311Response(200, format, "services", serviceList(deps.services));
          const service = deps.services.get(id);
          if (!service) return errorResponse(404, format, `service_code ${id} not found`);
          return open311Response(200, format, "service_definition", serviceDefinition(service));
        }
        if (id !== undefined) {
          const reference = parseReference(safeDecode(id));
          const found = reference ? await deps.caseStore.get(reference) : undefined;
          if (!found) return errorResponse(404, format, `service_request_id ${id} not found`);
          return requestsResponse(format, [found], deps);
        }
        return await searchRequests(query, format, deps);
      } catch (error) {
        logger.error("Open311 request failed", { error: error as Error });
        return errorResponse(500, format, "Something went wrong; try again later");
      }
    });
}

function discovery(event: APIGatewayProxyEventV2, deps: Open311Deps) {
  const host = event.headers?.host ?? event.requestContext.domainName;
  const forwarded = event.headers?.["x-forwarded-proto"];
  const protocol = forwarded ?? (/^(127\.|localhost\b|\[::1\])/.test(host) ? "http" : "https");
  return {
    changeset: CHANGESET,
    contact: `${deps.councilName}: ${deps.contactEmail}`,
    key_service: `Ask ${deps.councilName} for an API key: ${deps.contactEmail}`,
    endpoints: [
      {
        specification: "http://wiki.open311.org/GeoReport_v2",
        url: `${protocol}://${host}${OPEN311_PREFIX.slice(0, -1)}`,
        changeset: CHANGESET,
        type: "production",
        formats: ["application/json", "text/xml"],
      },
    ],
  };
}

/** jurisdiction_id is optional here (one district per deployment); if given it must be ours. */
function checkJurisdiction(value: string | undefined, format: Format, deps: Open311Deps): Result | undefined {
  if (value === undefined || value === "" || value.toUpperCase() === deps.jurisdictionId) return undefined;
  return errorResponse(404, format, `jurisdiction_id not found; this endpoint serves ${deps.jurisdictionId}`);
}

async function postRequest(
  event: APIGatewayProxyEventV2,
  format: Format,
  deps: Open311Deps,
  validKey: (key: string | undefined) => boolean,
): Promise<Result> {
  const body = readFormBody(event);
  if (!body.ok) {
    return body.status === 413
      ? errorResponse(413, format, "The request body is too large")
      : errorResponse(415, format, "Send the request as application/x-www-form-urlencoded");
  }
  const fields = body.fields;
  if (!validKey(fields.api_key)) {
    logger.info("Open311 request refused", { status: 403, keyGiven: Boolean(fields.api_key) });
    return errorResponse(403, format, fields.api_key ? "api_key is not valid" : "api_key is required");
  }
  const jurisdiction = checkJurisdiction(fields.jurisdiction_id, format, deps);
  if (jurisdiction) return jurisdiction;
  const code = fields.service_code?.trim();
  if (!code) return errorResponse(400, format, "service_code is required");
  const service = deps.services.get(code);
  if (!service) return errorResponse(404, format, `service_code ${code} not found`);

  const parsed = parseRequestForm(fields, service);
  if (!parsed.ok)
    return errorResponse(
      400,
      format,
      parsed.issues.map((i) => `${i.field}: ${i.message}`),
    );
  try {
    const result = await deps.submitReport(parsed.input);
    if (result.outcome === "signpost") {
      logger.info("Signposted", { serviceCode: code, rule: result.ruleId, channel: "open311" });
      const { title, message, link } = result.signpost;
      const where = link ? ` ${link.text}: ${link.href}` : "";
      return errorResponse(
        400,
        format,
        `${title}. ${message}${where} (rule ${result.ruleId}; nothing was stored)`,
      );
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
  } catch (error) {
    if (error instanceof ValidationError) {
      return errorResponse(
        400,
        format,
        error.issues.map((i) => `${open311Field(i.field)}: ${i.message}`),
      );
    }
    if (error instanceof OutsideDistrictError) {
      return errorResponse(
        400,
        format,
        `${error.message}: this endpoint takes requests in ${error.districtName} only. Contact the council for that area instead`,
      );
    }
    throw error;
  }
}

async function searchRequests(
  query: Record<string, string | undefined>,
  format: Format,
  deps: Open311Deps,
): Promise<Result> {
  const list = (value: string | undefined) =>
    (value ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");

  // With service_request_id the other filters are ignored, as the spec says.
  const ids = list(query.service_request_id);
  if (ids.length > 0) {
    if (ids.length > 100) return errorResponse(400, format, "service_request_id: give at most 100 ids");
    const references = [...new Set(ids.map((id) => parseReference(id)).filter((r) => r !== undefined))];
    const found = await Promise.all(references.map((reference) => deps.caseStore.get(reference)));
    return requestsResponse(
      format,
      found.filter((c) => c !== undefined),
      deps,
    );
  }

  const problems: string[] = [];
  const statuses = list(query.status);
  for (const status of statuses) {
    if (!(status in CASE_STATUSES)) problems.push(`status: "${status}" is not open or closed`);
  }
  const date = (name: "start_date" | "end_date") => {
    const value = query[name];
    if (value === undefined || value === "") return undefined;
    const parsed = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/.test(value)
      ? Date.parse(value)
      : Number.NaN;
    if (Number.isNaN(parsed)) {
      problems.push(`${name}: use a W3C date-time with a time zone, like 2026-01-05T13:15:30Z`);
    }
    return parsed;
  };
  const start = date("start_date");
  const end = date("end_date");
  if (problems.length > 0) return errorResponse(400, format, problems);

  const to = end ?? (start !== undefined ? start + DEFAULT_DAYS * DAY_MS : deps.clock.now().getTime());
  const from = start ?? to - DEFAULT_DAYS * DAY_MS;
  if (from > to) return errorResponse(400, format, "start_date: must not be after end_date");
  if (to - from > DEFAULT_DAYS * DAY_MS) {
    return errorResponse(400, format, `start_date: the range may span at most ${DEFAULT_DAYS} days`);
  }

  const codes = list(query.service_code);
  const wanted = (statuses.length > 0 ? statuses : ["open", "closed"]) as Open311Status[];
  const searches = [...new Set(wanted.flatMap((s) => CASE_STATUSES[s]))].flatMap((status) =>
    (codes.length > 0 ? codes.filter((c) => deps.services.has(c)) : [undefined]).map((service) =>
      deps.caseStore.listByStatus({
        status,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        ...(service ? { service } : {}),
        limit: MAX_REQUESTS,
      }),
    ),
  );
  const found = (await Promise.all(searches))
    .flat()
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.reference.localeCompare(b.reference))
    .slice(0, MAX_REQUESTS);
  return requestsResponse(format, found, deps);
}

function requestsResponse(format: Format, cases: Case[], deps: Open311Deps): Result {
  return open311Response(
    200,
    format,
    "service_requests",
    cases.map((c) => publicRequest(c, deps.services, deps.councilName)),
  );
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

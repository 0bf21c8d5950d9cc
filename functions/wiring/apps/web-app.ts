import { DynamoSessionStore } from "#adapters/dynamodb/dynamo-session-store.js";
import { bodyFor } from "#core/case/bodies.js";
import type { Council } from "#core/councils/council.js";
import type { Queue } from "#core/ports/queue.js";
import { services } from "#core/services/index.js";
import { createCheckReport } from "#core/use-cases/check-report.js";
import { createClerkResponse } from "#core/use-cases/clerk-response.js";
import { createStaffActions } from "#core/use-cases/staff-actions.js";
import type { Config } from "../../config/env.js";
import type { PublicInfo } from "../../config/public-info.js";
import { logger } from "../../http/logger.js";
import type { FormSession } from "../../http/web/journey-state.js";
import { createRenderer, templateDirs } from "../../http/web/render.js";
import type { ClerkLinksApp, WebAppDeps } from "../../http/web/web-types.js";
import type { BaseAdapters } from "../adapters/base-adapters.js";
import { linkSigner } from "../adapters/link-signer.js";
import { checkReportLimits, reportLookupCounters } from "../adapters/report-lookup-limits.js";
import { sqsQueue } from "../adapters/sqs-queue.js";
import { clientKeysOf } from "../client-keys.js";
import { publicInfoFor } from "../councils-from-config.js";
import { createIntakeApp, geodataDirOf } from "./intake-app.js";
import { loadOnce } from "./load-once.js";

type IntakeApp = Awaited<ReturnType<typeof createIntakeApp>>;

/**
 * The resident form: pages, sessions and templates, and the intake use case over the district's
 * geodata, read by the first journey page that needs it rather than at init (the home page, the
 * assets and a cold start do not need it).
 */
export async function createWebApp(
  config: Config,
  adapters: BaseAdapters,
  queue: Queue = sqsQueue(config, adapters),
): Promise<WebAppDeps> {
  geodataDirOf(config); // a missing setting still fails the init, not a resident's request
  const dirs = templateDirs(config);
  const geodata = loadOnce(() => createIntakeApp(config, adapters, queue));
  // Every parish's name by code, built once with the geodata, not on each request that names one.
  const namesOf = loadOnce(async () => bodyNames(await geodata()));
  const clerkLinks = clerkLinksOf(config, adapters, queue, namesOf);
  const councils = adapters.councils;
  return {
    geodata,
    ...(clerkLinks ? { clerkLinks } : {}),
    services,
    sessions: new DynamoSessionStore<FormSession>({ client: adapters.dynamo, tableName: config.TABLE_NAME }),
    render: createRenderer(dirs),
    ids: adapters.ids,
    clock: adapters.clock,
    councils,
    councilName: councils.first.name,
    retentionDays: config.RETENTION_DAYS,
    publicInfo: publicInfoOf(councils.first, config),
    publicInfoOf: (council) => publicInfoOf(council, config),
    cookieSecure: config.COOKIE_SECURE === "true",
    assets: { govukFrontend: dirs.govukFrontend, own: dirs.static },
    clientKeys: clientKeysOf(config),
    checkReport: createCheckReport({
      caseStore: adapters.caseStore,
      counters: reportLookupCounters(config, adapters),
      clock: adapters.clock,
      limits: checkReportLimits(config),
      serviceName: (id) => services.get(id)?.name,
      councilOf: (report) => councils.of(report),
      // The bodies come with the geodata, read once a report is found (a refusal never waits for it).
      bodyName: async (destination) => (await namesOf())(destination.code),
      onGiveBackError: (error) =>
        logger.warn("Check your report: a right answer's attempt not given back", { error: error as Error }),
      // An address's status email goes by the dispatch queue, which the form already sends to.
      queue,
      onQueueError: (error) =>
        logger.warn("Check your report: a status email not queued", { error: error as Error }),
    }),
  };
}

/** A council's contacts and statement settings: the privacy notice and statement cannot do without. */
function publicInfoOf(council: Council, config: Config): PublicInfo {
  const info = publicInfoFor(council, config);
  if (!info)
    throw new Error(
      `PUBLIC_INFO (or a councils file entry for ${council.id}) is required by the web function`,
    );
  return info;
}

/**
 * Clerks' one-click answers: the link signer, staff actions with the dispatch queue (a "not for us"
 * queues the case for the district; every answer may queue the resident's update), and the
 * district as staff re-routes build it. Undefined without a link key (no links are sent then).
 */
function clerkLinksOf(
  config: Config,
  adapters: BaseAdapters,
  queue: Queue,
  namesOf: () => Promise<(code: string) => string>,
): (() => Promise<ClerkLinksApp>) | undefined {
  const signer = linkSigner(config, adapters);
  if (!signer) return undefined;
  const actions = createStaffActions({ ...adapters, queue });
  return loadOnce(async () => {
    const bodyName = await namesOf();
    const councils = adapters.councils;
    const response = createClerkResponse({ ...adapters, signer, actions, councils, bodyName });
    const councilOf = (report: Parameters<typeof councils.of>[0]) => councils.of(report);
    return { response, bodyName, districtEmail: config.DISTRICT_EMAIL, councilOf };
  });
}

/**
 * Each destination's name by its code: a council's own area is the council, a routing body's id
 * that body, and a parish's code the body that answers for it (a council or a parish meeting).
 */
export function bodyNames(geodata: IntakeApp): (code: string) => string {
  const { councils, geography, bodies, routingBodies } = geodata;
  const parishes = new Map(
    geography.localAreas.flatMap((local) => geography.parishes(local.code).map((p) => [p.code, p] as const)),
  );
  return (code) => {
    const council = councils.byArea(code);
    if (council) return council.name;
    const body = routingBodies.byId(code);
    if (body) return body.name;
    const area = { kind: "parish" as const, code, name: parishes.get(code)?.name ?? code };
    return bodyFor(area, bodies, councils.first.name).name;
  };
}

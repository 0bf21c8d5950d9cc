import { DynamoSessionStore } from "#adapters/dynamodb/dynamo-session-store.js";
import { bodyFor } from "#core/case/bodies.js";
import type { Queue } from "#core/ports/queue.js";
import { services } from "#core/services/index.js";
import { createCheckReport } from "#core/use-cases/check-report.js";
import { createClerkResponse } from "#core/use-cases/clerk-response.js";
import { createStaffActions } from "#core/use-cases/staff-actions.js";
import { councilsFromConfig, publicInfoFor } from "../../config/councils-from-config.js";
import type { Config } from "../../config/env.js";
import type { PublicInfo } from "../../config/public-info.js";
import { trustedEdge } from "../../http/client-identity.js";
import { logger } from "../../http/logger.js";
import type { FormSession } from "../../http/web/journey-state.js";
import { createRenderer, templateDirs } from "../../http/web/render.js";
import type { ClerkLinksApp, WebAppDeps, WebGeodata } from "../../http/web/web-types.js";
import type { BaseAdapters } from "../adapters/base-adapters.js";
import { linkSigner } from "../adapters/link-signer.js";
import { checkReportLimits, reportLookupCounters } from "../adapters/report-lookup-limits.js";
import { sqsQueue } from "../adapters/sqs-queue.js";
import { createIntakeApp, geodataDirOf } from "./intake-app.js";
import { loadOnce } from "./load-once.js";

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
  const clerkLinks = clerkLinksOf(config, adapters, queue, geodata);
  return {
    geodata,
    ...(clerkLinks ? { clerkLinks } : {}),
    services,
    sessions: new DynamoSessionStore<FormSession>({ client: adapters.dynamo, tableName: config.TABLE_NAME }),
    render: createRenderer(dirs),
    ids: adapters.ids,
    clock: adapters.clock,
    councilName: config.DISTRICT_COUNCIL_NAME,
    retentionDays: config.RETENTION_DAYS,
    publicInfo: publicInfoOf(config),
    cookieSecure: config.COOKIE_SECURE === "true",
    assets: { govukFrontend: dirs.govukFrontend, own: dirs.static },
    edge: trustedEdge(config.TRUSTED_EDGE_SECRET),
    checkReport: createCheckReport({
      caseStore: adapters.caseStore,
      counters: reportLookupCounters(config, adapters),
      clock: adapters.clock,
      limits: checkReportLimits(config),
      serviceName: (id) => services.get(id)?.name,
      // The bodies come with the geodata, read once a report is found (a refusal never waits for it).
      bodyName: async (destination) =>
        bodyFor(destination, (await geodata()).bodies, config.DISTRICT_COUNCIL_NAME).name,
      onGiveBackError: (error) =>
        logger.warn("Check your report: a right answer's attempt not given back", { error: error as Error }),
      // An address's status email goes by the dispatch queue, which the form already sends to.
      queue,
      onQueueError: (error) =>
        logger.warn("Check your report: a status email not queued", { error: error as Error }),
    }),
  };
}

/** The council's contacts and statement settings: the privacy notice and statement cannot do without. */
function publicInfoOf(config: Config): PublicInfo {
  const info = publicInfoFor(councilsFromConfig(config).first, config);
  if (!info) throw new Error("PUBLIC_INFO (or a councils file) is required by the web function");
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
  geodata: () => Promise<WebGeodata>,
): (() => Promise<ClerkLinksApp>) | undefined {
  const signer = linkSigner(config, adapters);
  if (!signer) return undefined;
  const actions = createStaffActions({ ...adapters, queue });
  return loadOnce(async () => {
    const { boundaries, bodies } = await geodata();
    const district = { kind: "district" as const, ...boundaries.district };
    const parishes = new Map(boundaries.parishes.map((p) => [p.code, p]));
    const bodyName = (code: string) => {
      const area =
        code === district.code
          ? district
          : { kind: "parish" as const, code, name: parishes.get(code)?.name ?? code };
      return bodyFor(area, bodies, config.DISTRICT_COUNCIL_NAME).name;
    };
    const response = createClerkResponse({ ...adapters, signer, actions, district, bodyName });
    return { response, bodyName, districtEmail: config.DISTRICT_EMAIL };
  });
}

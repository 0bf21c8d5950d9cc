import { DynamoClerkBounces } from "#adapters/dynamodb/dynamo-clerk-bounces.js";
import { DynamoSessionStore } from "#adapters/dynamodb/dynamo-session-store.js";
import { loadBodiesFile } from "#adapters/geodata/load-bodies.js";
import { loadGeography as loadAreaGeography } from "#adapters/geodata/load-geography.js";
import type { Council } from "#core/councils/council.js";
import type { Queue } from "#core/ports/queue.js";
import { services } from "#core/services/index.js";
import { createDeadLetterCases } from "#core/use-cases/redrive.js";
import { createStaffActions } from "#core/use-cases/staff-actions.js";
import { type Config, staffTokenIssuer } from "../../config/env.js";
import type { CaseLogAppDeps, CaseLogGeography } from "../../http/case-log/case-log-types.js";
import { councilRoutingBodies } from "../../http/case-log/council-bodies.js";
import { refreshWithin } from "../../http/case-log/refresh-deadline.js";
import { createCaseLogRenderer } from "../../http/case-log/render.js";
import { createTokenVerifier } from "../../http/case-log/token-verifier.js";
import { templateDirs } from "../../http/web/render.js";
import type { BaseAdapters } from "../adapters/base-adapters.js";
import { councilSites } from "../adapters/council-directories.js";
import { createDirectoryAdapters } from "../adapters/directory-adapters.js";
import { sqsQueue } from "../adapters/sqs-queue.js";
import { cognitoStaffAuth } from "../adapters/staff-auth.js";
import { loadOnce } from "./load-once.js";

/** How long "refresh now" waits for Modern.Gov before saying it did not answer. */
const REFRESH_DEADLINE_MS = 6000;

const noGeography: CaseLogGeography = { areas: [], bodies: new Map() };

/** The deployment's geodata (every layer) and its bodies' names, read once, when first needed. */
async function loadCaseLogGeodata(geodataDir: string | undefined) {
  if (!geodataDir) return undefined;
  const [geography, bodies] = await Promise.all([loadAreaGeography(geodataDir), loadBodiesFile(geodataDir)]);
  return { geography, bodies };
}

/**
 * The staff case log: the case store, sign-in against the staff pool, token checks against that
 * pool's JWKS, the district's areas for filters and maps (read by the first signed-in request), and
 * the clerk directory.
 */
export async function createCaseLogApp(
  config: Config,
  adapters: BaseAdapters,
  queue: Queue = sqsQueue(config, adapters),
): Promise<CaseLogAppDeps> {
  const poolId = config.STAFF_USER_POOL_ID;
  const clientId = config.STAFF_CLIENT_ID;
  if (!poolId || !clientId) {
    throw new Error("STAFF_USER_POOL_ID and STAFF_CLIENT_ID are required by the case log");
  }
  const dirs = templateDirs(config);
  const signedOut = new DynamoSessionStore<{ signedOut: true }>({
    client: adapters.dynamo,
    tableName: config.TABLE_NAME,
  });
  // The clerk directory page: overrides, bounces, and each council's own cached Modern.Gov look-up
  // (for "refresh now"); the contact cache and overrides are shared (parish codes are national).
  const { directory, modernGov, contactCache, directoryOverrides } = createDirectoryAdapters(
    config,
    adapters,
  );
  const sites = councilSites(config, { ...adapters, directory, modernGov }, adapters.councils);
  return {
    directory: {
      contacts: contactCache,
      overrides: directoryOverrides,
      bounces: new DynamoClerkBounces({ client: adapters.dynamo, tableName: config.TABLE_NAME }),
      // Well inside the function's 10 s, with time to read and render the page around it.
      refresh: refreshWithin(
        (parish, deadlineMs, council) => sites.of(council).modernGov.refresh(parish, { deadlineMs }),
        REFRESH_DEADLINE_MS,
      ),
    },
    verifier: createTokenVerifier({ issuer: staffTokenIssuer(config, poolId), clientId }),
    auth: cognitoStaffAuth(config, adapters.recorded, { userPoolId: poolId, clientId }),
    signedOut: {
      add: (id: string, expiresAt: number) =>
        signedOut.put(`signed-out:${id}`, { signedOut: true }, expiresAt),
      has: async (id: string) => (await signedOut.get(`signed-out:${id}`)) !== undefined,
    },
    caseStore: adapters.caseStore,
    actions: createStaffActions({ ...adapters, queue }),
    redrive: createDeadLetterCases({ ...adapters, queue }).redrive,
    render: createCaseLogRenderer({
      govukFrontend: dirs.govukFrontend,
      ...(config.CASE_LOG_DIR ? { caseLog: config.CASE_LOG_DIR } : {}),
    }),
    councilName: config.DISTRICT_COUNCIL_NAME,
    ids: adapters.ids,
    clock: adapters.clock,
    councils: adapters.councils,
    geography: councilGeography(loadOnce(() => loadCaseLogGeodata(config.GEODATA_DIR))),
    services: [...services.values()],
    cookieSecure: config.COOKIE_SECURE === "true",
    ...(config.CASE_LOG_URL ? { caseLogUrl: config.CASE_LOG_URL } : {}),
  };
}

/**
 * A council's geography: its own area and its parishes for filters and names, and its parishes'
 * boundaries for maps. A council whose area the geodata does not hold gets none (no area filter,
 * no re-routing to a parish, no map).
 */
function councilGeography(loaded: () => Promise<Awaited<ReturnType<typeof loadCaseLogGeodata>>>) {
  // Built once per council, as the pages read it on every request.
  const built = new Map<string, CaseLogGeography>();
  return async (council: Council): Promise<CaseLogGeography> => {
    const known = built.get(council.id);
    if (known) return known;
    const geodata = await loaded();
    const boundaries = geodata?.geography.parishIndex(council.area.code);
    if (!geodata || !boundaries) return noGeography;
    const { geography: areas, bodies } = geodata;
    const geography: CaseLogGeography = {
      bodies: bodies.names,
      routingBodies: councilRoutingBodies(bodies.bodies.all, areas, council.area.code),
      locate: (point) => areas.locate(point),
      areas: [
        { kind: "district", code: council.area.code, name: council.area.name },
        ...geodata.geography.parishes(council.area.code).map((p) => ({ kind: "parish" as const, ...p })),
      ],
      boundaries,
    };
    built.set(council.id, geography);
    return geography;
  };
}

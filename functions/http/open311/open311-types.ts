import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import type { Bodies } from "#core/case/bodies.js";
import type { Council } from "#core/councils/council.js";
import type { Councils } from "#core/councils/councils.js";
import type { ReportInput } from "#core/input/report-input.js";
import type { CaseStore } from "#core/ports/case-store.js";
import type { Clock } from "#core/ports/clock.js";
import type { PublicUpdates } from "#core/ports/public-updates.js";
import type { ServiceDefinition } from "#core/routing/service-schema.js";
import type { createRecordClientUpdate } from "#core/use-cases/record-client-update.js";
import type { createSubmitReport } from "#core/use-cases/submit-report.js";
import type { ClientKeys } from "../client-identity.js";
import type { Format } from "./format.js";

export interface Open311Deps {
  submitReport: ReturnType<typeof createSubmitReport>;
  /** A resident's own update, sent on by their app (POST servicerequestupdates). */
  recordClientUpdate: ReturnType<typeof createRecordClientUpdate>;
  services: ReadonlyMap<string, ServiceDefinition>;
  caseStore: CaseStore;
  /** Staff's public updates, served by servicerequestupdates. */
  publicUpdates: PublicUpdates;
  clock: Clock;
  /**
   * The councils served, each with its client keys' hashes and its `jurisdiction_id` values (its
   * ONS code and domains; discovery lists every council's). A key is one council's, and every
   * request answers for one council's cases (see jurisdiction.ts).
   */
  councils: Councils;
  /**
   * The council whose area a report's location is in (undefined: none served, or a postcode not
   * known), so a key cannot report in another council's area. Absent: not checked here.
   */
  councilAt?: (location: ReportInput["location"]) => Promise<Council | undefined>;
  /** How each parish's body names itself, for the notice a new request gets (none: "<Name> Parish Council"). */
  bodies?: Bodies;
  /** How clients are named: the hash key, and the CloudFront edge when the API is behind one. */
  clientKeys: ClientKeys;
}

/** What a resource gets: the deps, the event, the path's parameters and the format asked for. */
export interface Open311Request {
  deps: Open311Deps;
  event: APIGatewayProxyEventV2;
  params: Record<string, string>;
  format: Format;
  query: Record<string, string | undefined>;
  /** The council a client's `api_key` belongs to, undefined for a key of none. */
  keyCouncil: (key: string | undefined) => Council | undefined;
}

export type Open311Resource = (
  request: Open311Request,
) => APIGatewayProxyResultV2 | Promise<APIGatewayProxyResultV2>;

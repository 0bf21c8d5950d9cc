import { type Bodies, bodyFor } from "#core/case/bodies.js";
import type { Case, CaseStatus } from "#core/case/case.js";
import type { ServiceDefinition } from "#core/routing/service-schema.js";

/**
 * What anyone may read about a request. Deliberately narrow: no reporter details, no description,
 * when or road name (the resident's own words can hold personal data), no postcode, and the point
 * rounded to about 100 m.
 */
export interface PublicRequest {
  service_request_id: string;
  status: "open" | "closed";
  service_name: string;
  service_code: string;
  agency_responsible: string;
  requested_datetime: string;
  updated_datetime: string;
  lat: number;
  long: number;
}

export type Open311Status = PublicRequest["status"];

/** Staff statuses behind each Open311 status. */
export const CASE_STATUSES: Record<Open311Status, CaseStatus[]> = {
  open: ["new", "in-progress"],
  closed: ["closed"],
};

export function open311Status(status: CaseStatus): Open311Status {
  return status === "closed" ? "closed" : "open";
}

/** W3C date-time without fractional seconds, which some clients' parsers refuse. */
export function w3cDateTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, "Z");
}

const round = (value: number) => Math.round(value * 1000) / 1000;

export function publicRequest(
  report: Case,
  services: ReadonlyMap<string, ServiceDefinition>,
  councilName: string,
  bodies: Bodies = new Map(),
): PublicRequest {
  return {
    service_request_id: report.reference,
    status: open311Status(report.status),
    service_name: services.get(report.service)?.name ?? report.service,
    service_code: report.service,
    // The body's own name, as the notice of a new request gives it: a parish meeting is no council.
    agency_responsible: bodyFor(report.destination, bodies, councilName).name,
    requested_datetime: w3cDateTime(report.createdAt),
    updated_datetime: w3cDateTime(report.updatedAt),
    lat: round(report.location.lat),
    long: round(report.location.lng),
  };
}

import type { Council } from "./council.js";

/** Does this council take reports of this service? Every service, where it lists none. */
export function offers(council: Pick<Council, "services">, serviceId: string): boolean {
  return council.services === undefined || council.services.includes(serviceId);
}

/**
 * The services a council takes, in the deployment's order; every one without a council (the
 * shared site, before a location says whose area it is).
 */
export function servicesOf<S extends { id: string }>(
  services: Iterable<S>,
  council: Pick<Council, "services"> | undefined,
): S[] {
  return [...services].filter((s) => !council || offers(council, s.id));
}

/** Why a channel refuses a report of a service the location's council does not take. */
export function notOfferedMessage(council: Pick<Council, "name">, service: { id: string; name: string }) {
  return `${council.name} does not take "${service.name}" reports (service ${service.id}) through this service; contact the council directly`;
}

/** A service a council lists that the deployment has not: where in the list, and the id. */
export interface UnknownService {
  council: number;
  at: number;
  id: string;
}

/** Each service the councils list that is not one of `known`, by council and list position. */
export function unknownServices(
  councils: readonly Pick<Council, "services">[],
  known: ReadonlyMap<string, unknown>,
): UnknownService[] {
  return councils.flatMap((council, i) =>
    (council.services ?? []).flatMap((id, at) => (known.has(id) ? [] : [{ council: i, at, id }])),
  );
}

/**
 * Every service a council lists must be one the deployment has: a typing mistake would otherwise
 * quietly refuse all its residents' reports of the service it meant. A config fault, at load.
 */
export function checkCouncilServices(
  councils: readonly Pick<Council, "id" | "services">[],
  known: ReadonlyMap<string, unknown>,
): void {
  const [fault] = unknownServices(councils, known);
  if (fault) {
    throw new Error(
      `Council "${councils[fault.council]?.id}" services[${fault.at}] is "${fault.id}", which is not a service: use ${[...known.keys()].join(", ")}`,
    );
  }
}

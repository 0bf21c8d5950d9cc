import type { Council } from "./council.js";

/**
 * The councils a deployment serves, found by id, by their area's ONS code or by a host name. The
 * first is the default: the one a case stored before councils existed belongs to, and the one a
 * one-council deployment is.
 */
export interface Councils {
  readonly all: readonly Council[];
  /** The first council: the only one on a one-council deployment. */
  readonly first: Council;
  byId(id: string): Council | undefined;
  /** The council whose district or unitary area has this ONS code. */
  byArea(code: string): Council | undefined;
  /** The council the form is served for on this host name (lower case, no port). */
  byHost(host: string): Council | undefined;
  /** The council a case belongs to: its `council`, else the first (cases from before councils). */
  of(report: { council?: string }): Council;
}

/** Builds the registry; ids, areas and host names must each be unique (a config fault otherwise). */
export function createCouncils(list: readonly Council[]): Councils {
  const first = list[0];
  if (!first) throw new Error("A deployment serves at least one council");
  const byId = uniqueIndex(list, (c) => [c.id], "id");
  const byArea = uniqueIndex(list, (c) => [c.area.code], "area code");
  const byHost = uniqueIndex(list, (c) => c.hostNames.map((h) => h.toLowerCase()), "host name");
  return {
    all: list,
    first,
    byId: (id) => byId.get(id),
    byArea: (code) => byArea.get(code),
    byHost: (host) => byHost.get(host.toLowerCase().replace(/:\d+$/, "")),
    of(report) {
      if (report.council === undefined) return first;
      const council = byId.get(report.council);
      // A case names a council this deployment no longer serves: nobody may act for it silently.
      if (!council)
        throw new Error(`Case belongs to council "${report.council}", which this deployment does not serve`);
      return council;
    },
  };
}

function uniqueIndex(
  list: readonly Council[],
  keys: (council: Council) => readonly string[],
  what: string,
): ReadonlyMap<string, Council> {
  const index = new Map<string, Council>();
  for (const council of list) {
    for (const key of keys(council)) {
      const other = index.get(key);
      if (other) throw new Error(`Councils "${other.id}" and "${council.id}" have the same ${what} "${key}"`);
      index.set(key, council);
    }
  }
  return index;
}

import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import { readLayer } from "#adapters/geodata/geography-geojson.js";
import { GEODATA_FILES } from "#adapters/geodata/index-files.js";
import { readOptional } from "#adapters/geodata/read-optional.js";
import type { Boundary } from "#core/spatial/boundary-index.js";
import { areaInteriorPoint } from "#core/spatial/interior-point.js";
import { localAreaType } from "#core/spatial/local-area-type.js";
import { boundariesText } from "./geojson-text.js";
import type { AreaImport } from "./import-areas.js";
import type { BoundaryImport } from "./import-boundaries.js";
import { writeFileAtomic } from "./write-file-atomic.js";

type Written = Boundary & { type?: string };

/**
 * Writes a parish import into a geodata folder: its district joins (or replaces, by code) the
 * others in district.geojson, and its parishes replace those the folder held for that district.
 */
export async function writeBoundaries(
  dir: string,
  imported: Pick<BoundaryImport, "district" | "parishes" | "titles">,
): Promise<void> {
  const { district } = imported;
  const type = localAreaType(district.code);
  const [locals, parishes] = await Promise.all([layer(dir, "district"), layer(dir, "parishes")]);
  const codes = new Set(imported.parishes.map((parish) => parish.code));
  const elsewhere = parishes.filter(
    (parish) =>
      !codes.has(parish.code) &&
      !booleanPointInPolygon(areaInteriorPoint(parish.geometry), district.geometry),
  );
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(
    join(dir, GEODATA_FILES.district),
    boundariesText(
      imported.titles.district,
      merged(locals, [{ ...district, ...(type ? { type } : {}) }], false),
    ),
  );
  await writeFileAtomic(
    join(dir, GEODATA_FILES.parishes),
    boundariesText(imported.titles.parishes, merged(elsewhere, imported.parishes, true)),
  );
}

/** Writes whole areas into their layer file, replacing any with the same code. Returns its path. */
export async function writeAreas(
  dir: string,
  imported: Pick<AreaImport, "type" | "areas" | "title">,
): Promise<string> {
  const file = imported.type === "county" ? "county" : imported.type === "police" ? "police" : "district";
  const path = join(dir, GEODATA_FILES[file]);
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(
    path,
    boundariesText(imported.title, merged(await layer(dir, file), imported.areas, file !== "district")),
  );
  return path;
}

/** A layer's features as the folder holds them now (none if it has no such file). */
async function layer(dir: string, file: "district" | "parishes" | "county" | "police"): Promise<Written[]> {
  const path = join(dir, GEODATA_FILES[file]);
  const bytes = await readOptional(path);
  if (!bytes) return [];
  return readLayer(path, bytes).map(({ boundary, properties }) => ({
    ...boundary,
    ...(typeof properties.type === "string" ? { type: properties.type } : {}),
  }));
}

/**
 * The old features with the new ones in place of any with the same code. Districts keep their order
 * (the first is the default council's), new ones last; other layers are sorted by code.
 */
function merged(old: readonly Written[], added: readonly Written[], sorted: boolean): Written[] {
  const byCode = new Map(added.map((area) => [area.code, area]));
  const kept = old.map((area) => byCode.get(area.code) ?? area);
  const result = [...kept, ...added.filter((area) => !old.some((o) => o.code === area.code))];
  return sorted ? result.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)) : result;
}

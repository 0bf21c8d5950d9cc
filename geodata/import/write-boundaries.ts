import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { GEODATA_FILES } from "#adapters/geodata/index-files.js";
import { boundariesText } from "./geojson-text.js";
import type { BoundaryImport } from "./import-boundaries.js";
import { writeFileAtomic } from "./write-file-atomic.js";

/** Writes an import's district.geojson and parishes.geojson into a geodata folder. */
export async function writeBoundaries(
  dir: string,
  imported: Pick<BoundaryImport, "district" | "parishes" | "titles">,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(
    join(dir, GEODATA_FILES.district),
    boundariesText(imported.titles.district, [imported.district]),
  );
  await writeFileAtomic(
    join(dir, GEODATA_FILES.parishes),
    boundariesText(imported.titles.parishes, imported.parishes),
  );
}

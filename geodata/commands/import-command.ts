import { join } from "node:path";
import { parseArgs } from "node:util";
import { GEODATA_FILES } from "#adapters/geodata/index-files.js";
import { readOptional } from "#adapters/geodata/read-optional.js";
import { buildBoundaryIndex } from "../import/build-indexes.js";
import { parseCrs } from "../import/crs.js";
import { importAreas, type WholeAreaType } from "../import/import-areas.js";
import { importBoundaries } from "../import/import-boundaries.js";
import { formatIssues } from "../import/issues.js";
import { writeAreas, writeBoundaries } from "../import/write-boundaries.js";
import { kilobytes, type Output } from "./output.js";

export const importHelp = `Usage: npm run geodata -- import [--type parish] --parishes <file> [--districts <file>] --district <code> --out <dir>
       npm run geodata -- import --type district|unitary|county|police --areas <file> [--code <code>] --out <dir>

Imports boundaries into a geodata folder, validates them, writes them as WGS84 GeoJSON (properties
code and name) beside what the folder already holds, and builds boundaries.idx.

--type parish (the default) imports one district's or unitary's parishes: the district or unitary
joins district.geojson (replacing one with the same code), its parishes replace those the folder
held for it in parishes.geojson. Run it once per district or unitary.

--type district or unitary adds whole districts (E07) or unitaries (E06, W06, E08, E09) to
district.geojson, for a local area without parishes; county (E10) and police (E23) add whole
counties to county.geojson and police force areas to police.geojson. Areas are kept whole and
exact. Without --code, every feature of that type in the files is kept.

  --type <type>              parish (default), district, unitary, county or police
  --areas <file>             for the other types: ONS LAD, CTY or PFA boundaries (GeoJSON or
                             shapefile); repeat for several files
  --code <code>              for the other types: keep only this area (repeat for several)
  --code-field <p>           for the other types: property holding codes (found by itself)
  --name-field <p>           for the other types: property holding names

  --parishes <file>          parish boundaries: GeoJSON, or a shapefile (.shp with .dbf and .prj);
                             repeat for several files. ONS PAR/PARNCP, OS Boundary-Line, or any file
                             with ONS codes (E04…/W04…) and names. E43 "non-civil parished" areas are
                             left out: points in them are unparished.
  --districts <file>         district boundaries (e.g. ONS LAD); parishes are kept when a point well
                             inside them is in the district (or by a LADyyCD column if they have one)
  --district <code>          the district's ONS code; picks it from --districts
  --district-name <name>     its name (needed without --districts, which then makes the district
                             exactly its parishes: gaps between them read as outside)
  --out <dir>                the geodata folder to write
  --crs <EPSG:4326|EPSG:27700>  the input's coordinate system, when the files do not say (GeoJSON
                             "crs" member, shapefile .prj); British National Grid is reprojected
  --parish-code-field <p>    property holding parish codes (found by itself: PARyyCD, area_code, code…)
  --parish-name-field <p>    property holding parish names
  --district-code-field <p>  property holding district codes (LADyyCD, area_code, code…)
  --district-name-field <p>  property holding district names
  --encoding <name>          text encoding of shapefile .dbf files (utf-8)`;

export async function importCommand(args: string[], output: Output): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      type: { type: "string", default: "parish" },
      areas: { type: "string", multiple: true },
      code: { type: "string", multiple: true },
      "code-field": { type: "string" },
      "name-field": { type: "string" },
      parishes: { type: "string", multiple: true },
      districts: { type: "string" },
      district: { type: "string" },
      "district-name": { type: "string" },
      out: { type: "string" },
      crs: { type: "string" },
      "parish-code-field": { type: "string" },
      "parish-name-field": { type: "string" },
      "district-code-field": { type: "string" },
      "district-name-field": { type: "string" },
      encoding: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    output.out(importHelp);
    return 0;
  }
  const type = values.type;
  if (type !== "parish") {
    if (!isWholeAreaType(type)) {
      output.err(
        `--type must be parish, district, unitary, county or police, not "${type}"\n\n${importHelp}`,
      );
      return 2;
    }
    if (!values.areas?.length || !values.out) {
      output.err(`import --type ${type} needs --areas and --out\n\n${importHelp}`);
      return 2;
    }
    return importWhole(type, values.areas, values.out, values, output);
  }
  if (!values.parishes?.length || !values.out) {
    output.err(`import needs --parishes and --out\n\n${importHelp}`);
    return 2;
  }
  const imported = await importBoundaries({
    parishFiles: values.parishes,
    districtFile: values.districts,
    districtCode: values.district,
    districtName: values["district-name"],
    crs: values.crs ? parseCrs(values.crs) : undefined,
    encoding: values.encoding,
    parishFields: { code: values["parish-code-field"], name: values["parish-name-field"] },
    districtFields: { code: values["district-code-field"], name: values["district-name-field"] },
  });
  const { district, counts } = imported;
  output.out(`district ${district.code} ${district.name}`);
  output.out(
    `read ${counts.read} parish features: kept ${counts.kept}, left out ${counts.outside} outside the district and ${counts.nonCivil} non-civil-parished areas`,
  );
  if (imported.issues.length > 0) output.out(formatIssues(imported.issues));
  await writeBoundaries(values.out, imported);
  output.out(`wrote ${values.out}/district.geojson and parishes.geojson`);
  await build(values.out, output);
  return 0;
}

async function importWhole(
  type: WholeAreaType,
  files: string[],
  out: string,
  values: { code?: string[]; crs?: string; encoding?: string; "code-field"?: string; "name-field"?: string },
  output: Output,
): Promise<number> {
  const imported = await importAreas({
    type,
    files,
    ...(values.code ? { codes: values.code } : {}),
    crs: values.crs ? parseCrs(values.crs) : undefined,
    encoding: values.encoding,
    fields: { code: values["code-field"], name: values["name-field"] },
  });
  const { counts } = imported;
  output.out(
    `read ${counts.read} features: kept ${counts.kept} ${type} areas (${imported.areas.map((a) => `${a.code} ${a.name}`).join(", ")})${counts.otherTypes > 0 ? `, left out ${counts.otherTypes} of other types` : ""}`,
  );
  if (imported.issues.length > 0) output.out(formatIssues(imported.issues));
  output.out(`wrote ${await writeAreas(out, imported)}`);
  await build(out, output);
  return 0;
}

/** Rebuilds the index once the folder has both the layers it needs. */
async function build(dir: string, output: Output): Promise<void> {
  const needed = [GEODATA_FILES.district, GEODATA_FILES.parishes];
  if (!(await Promise.all(needed.map((file) => readOptional(join(dir, file))))).every(Boolean)) {
    output.out(`not building ${GEODATA_FILES.boundaryIndex} yet: ${dir} needs ${needed.join(" and ")}`);
    return;
  }
  const built = await buildBoundaryIndex(dir);
  output.out(`built ${built.path} (${kilobytes(built.bytes)}) in ${built.milliseconds.toFixed(0)} ms`);
}

function isWholeAreaType(type: string): type is WholeAreaType {
  return ["district", "unitary", "county", "police"].includes(type);
}

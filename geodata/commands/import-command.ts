import { parseArgs } from "node:util";
import { buildBoundaryIndex } from "../import/build-indexes.js";
import { parseCrs } from "../import/crs.js";
import { importBoundaries } from "../import/import-boundaries.js";
import { formatIssues } from "../import/issues.js";
import { writeBoundaries } from "../import/write-boundaries.js";
import { kilobytes, type Output } from "./output.js";

export const importHelp = `Usage: npm run geodata -- import --parishes <file> [--districts <file>] --district <code> --out <dir>

Imports parish boundaries for one district into a geodata folder: validates them, writes
district.geojson and parishes.geojson (WGS84, properties code and name) and builds boundaries.idx.

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
  const built = await buildBoundaryIndex(values.out);
  output.out(`built ${built.path} (${kilobytes(built.bytes)}) in ${built.milliseconds.toFixed(0)} ms`);
  return 0;
}

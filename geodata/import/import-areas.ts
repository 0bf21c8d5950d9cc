import type { AreaType } from "#core/areas/area-chain.js";
import type { Boundary } from "#core/spatial/boundary-index.js";
import { wholeAreaTypeOf } from "#core/spatial/local-area-type.js";
import { checkGeometry } from "./check-geometry.js";
import { type CrsName, toLngLat } from "./crs.js";
import { type ImportIssue, ImportError } from "./issues.js";
import { type PropertyNames, pickProperties } from "./pick-properties.js";
import { toGeometry } from "./polygons.js";
import { startProgress } from "./progress.js";
import { propertyText } from "./property-text.js";
import { readFeatures } from "./read-features.js";

/** The layers imported whole: a district or unitary, a county, a police force area. */
export type WholeAreaType = Exclude<AreaType, "parish">;

export interface AreaImportOptions {
  type: WholeAreaType;
  /** GeoJSON or shapefile paths (e.g. ONS LAD, CTY or PFA boundaries); read as one set. */
  files: readonly string[];
  /** Keep only these codes; without them, every feature whose ONS code is of this type. */
  codes?: readonly string[];
  crs?: CrsName;
  fields?: Partial<PropertyNames>;
  encoding?: string;
}

export interface AreaImport {
  type: WholeAreaType;
  /** Sorted by code; districts and unitaries carry their type. */
  areas: (Boundary & { type?: "district" | "unitary" })[];
  title: string | undefined;
  issues: ImportIssue[];
  counts: { read: number; kept: number; otherTypes: number };
}

/** Which ONS codes each layer holds (E10 county, E23/W15 police force area): `wholeAreaTypeOf`. */
const FITS = (type: WholeAreaType, code: string): boolean => wholeAreaTypeOf(code) === type;

const LARGE_FEATURE_COUNT = 200;

/**
 * Reads whole areas of one type, validates them and keeps them exactly (never clipped or
 * simplified). Every problem names its feature; any error aborts the import with all of them listed.
 */
export async function importAreas(options: AreaImportOptions): Promise<AreaImport> {
  const { type } = options;
  const issues: ImportIssue[] = [];
  const counts = { read: 0, kept: 0, otherTypes: 0 };
  const wanted = options.codes ? new Set(options.codes) : undefined;
  const found = new Map<string, string>();
  const areas: AreaImport["areas"] = [];
  let title: string | undefined;
  for (const file of options.files) {
    const source = await readFeatures(file, options);
    title ??= source.title;
    counts.read += source.features.length;
    const role = type === "unitary" ? "district" : type;
    const fields = pickProperties(source.file, source.features, role, options.fields, "-");
    const picked = source.features.flatMap((feature) => {
      const code = propertyText(feature.properties[fields.code]).trim();
      const name = propertyText(feature.properties[fields.name]).trim();
      const label = `${feature.label} (${code || "no code"} ${name || "no name"})`;
      if (wanted ? !wanted.has(code) : !FITS(type, code)) {
        if (!wanted) counts.otherTypes++;
        return [];
      }
      if (!FITS(type, code)) {
        issues.push({ level: "error", feature: label, message: `${code} is not a ${type} code` });
        return [];
      }
      if (!name) {
        issues.push({ level: "error", feature: label, message: `has no ${fields.name}` });
        return [];
      }
      const first = found.get(code);
      if (first) {
        issues.push({ level: "error", feature: `${first} and ${label}`, message: `both have code ${code}` });
        return [];
      }
      found.set(code, label);
      return [{ feature, code, name, label }];
    });
    const progress = startProgress(
      `checking ${source.file}`,
      picked.length,
      picked.length >= LARGE_FEATURE_COUNT,
    );
    for (const { feature, code, name, label } of picked) {
      progress.advance();
      const checked = checkGeometry(feature.geometry, toLngLat(source.crs));
      issues.push(...checked.issues.map((issue) => ({ ...issue, feature: label })));
      if (!checked.polygons) continue;
      const local = type === "district" || type === "unitary" ? { type } : {};
      areas.push({ code, name, ...local, geometry: toGeometry(checked.polygons) });
    }
    progress.done();
  }
  for (const code of wanted ?? []) {
    if (!found.has(code)) issues.push({ level: "error", message: `no feature has code ${code}` });
  }
  if (areas.length === 0 && !issues.some((issue) => issue.level === "error")) {
    issues.push({ level: "error", message: `no ${type} areas in ${options.files.join(", ")}` });
  }
  if (issues.some((issue) => issue.level === "error")) throw new ImportError(issues);
  areas.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  counts.kept = areas.length;
  return { type, areas, title, issues, counts };
}

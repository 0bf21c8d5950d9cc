import type { Boundary } from "#core/spatial/boundary-index.js";
import { checkGeometry } from "./check-geometry.js";
import { type CrsName, toLngLat } from "./crs.js";
import { type ImportIssue, ImportError } from "./issues.js";
import { insideDistrict, nearDistrictBox } from "./near-district.js";
import { districtCodeProperty, ONS_CODE, type PropertyNames, pickProperties } from "./pick-properties.js";
import { polygonsOf, toGeometry } from "./polygons.js";
import { startProgress } from "./progress.js";
import { propertyText } from "./property-text.js";
import { type FeatureSource, readFeatures, type SourceFeature } from "./read-features.js";

export interface BoundaryImportOptions {
  /** GeoJSON or shapefile paths; several files are read as one set. */
  parishFiles: readonly string[];
  /** The districts file; without it the district is taken to be exactly its parishes. */
  districtFile?: string;
  /** Which district (needed when the districts file holds several, or there is no districts file). */
  districtCode?: string;
  /** Overrides the file's name for the district (needed without a districts file). */
  districtName?: string;
  /** Overrides what the files say about their coordinate system. */
  crs?: CrsName;
  parishFields?: Partial<PropertyNames>;
  districtFields?: Partial<PropertyNames>;
  /** Of shapefile .dbf text (utf-8 unless given). */
  encoding?: string;
}

export interface BoundaryImport {
  district: Boundary;
  /** Sorted by code. */
  parishes: Boundary[];
  /** The source collections' `name` members, to carry into the written files. */
  titles: { district: string | undefined; parishes: string | undefined };
  /** Everything but errors (which throw an ImportError instead). */
  issues: ImportIssue[];
  counts: { read: number; kept: number; outside: number; nonCivil: number };
}

const PARISH_CODE = /^[EW]04\d{6}$/;
/** ONS "non-civil parished area" codes: the unparished rest of a district, not a parish. */
const NON_CIVIL = /^E43\d{6}$/;
/** Boundary-Line names civil parishes "Haddenham CP". */
const BOUNDARY_LINE_SUFFIX = /\s+CP$/;
const LARGE_FEATURE_COUNT = 2_000;

interface ImportedParish extends Boundary {
  label: string;
}

interface Candidate {
  label: string;
  feature: SourceFeature;
  code: string;
  name: string;
}

/**
 * Reads parish (and district) boundaries, keeps the parishes of one district, and validates them.
 * Every problem names its feature; any error aborts the import with all of them listed, so nothing
 * is dropped silently. Only features that could be in the district are validated, so a broken
 * feature elsewhere in a national file does not block a district's import.
 */
export async function importBoundaries(options: BoundaryImportOptions): Promise<BoundaryImport> {
  const issues: ImportIssue[] = [];
  const district = options.districtFile
    ? await readDistrict(options.districtFile, options, issues)
    : undefined;
  if (!district && !(options.districtCode && options.districtName)) {
    throw new Error("without a districts file, give the district's --district code and --district-name");
  }
  const code = district?.code ?? options.districtCode ?? "";
  if (!ONS_CODE.test(code)) throw new Error(`"${code}" is not an ONS district code`);

  const counts = { read: 0, kept: 0, outside: 0, nonCivil: 0 };
  const parishes: ImportedParish[] = [];
  const titles: (string | undefined)[] = [];
  for (const file of options.parishFiles) {
    const source = await readFeatures(file, options);
    titles.push(source.title);
    counts.read += source.features.length;
    const candidates = parishCandidates(source, options.parishFields, issues, counts);
    const filtered = district ? nearDistrict(source, candidates, district, counts) : candidates;
    parishes.push(...checkParishes(source, filtered, district, issues, counts));
  }
  reportDuplicates(parishes, issues);
  if (issues.some((issue) => issue.level === "error")) throw new ImportError(issues);

  parishes.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  counts.kept = parishes.length;
  if (parishes.length === 0)
    issues.push({
      level: "warning",
      message: `no parishes in ${code}: every point in it will be unparished`,
    });
  if (!district) {
    issues.push({
      level: "warning",
      message:
        "no district boundary given: the district is taken to be exactly its parishes, so gaps between them read as outside",
    });
  }
  return {
    district: district ?? {
      code,
      name: options.districtName as string,
      geometry: {
        type: "MultiPolygon",
        coordinates: parishes.flatMap((parish) => polygonsOf(parish.geometry)),
      },
    },
    parishes: parishes.map(({ code, name, geometry }) => ({ code, name, geometry })),
    titles: { district: district?.title, parishes: titles.find((title) => title !== undefined) },
    issues,
    counts,
  };
}

async function readDistrict(
  file: string,
  options: BoundaryImportOptions,
  issues: ImportIssue[],
): Promise<Boundary & { title?: string }> {
  const source = await readFeatures(file, options);
  const fields = pickProperties(source.file, source.features, "district", options.districtFields);
  const codeOf = (feature: SourceFeature) => propertyText(feature.properties[fields.code]).trim();
  const listing = source.features
    .slice(0, 20)
    .map((feature) => `${codeOf(feature)} ${String(feature.properties[fields.name])}`)
    .join(", ");
  const matches = options.districtCode
    ? source.features.filter((feature) => codeOf(feature) === options.districtCode)
    : source.features;
  if (matches.length !== 1) {
    throw new Error(
      options.districtCode
        ? `${source.file}: ${matches.length === 0 ? "no" : matches.length} district${matches.length === 1 ? "" : "s"} with code ${options.districtCode} (it has: ${listing})`
        : `${source.file} holds ${source.features.length} districts; pick one with --district <code> (${listing})`,
    );
  }
  const feature = matches[0] as SourceFeature;
  const code = codeOf(feature);
  const name = options.districtName ?? propertyText(feature.properties[fields.name]).trim();
  const label = `${feature.label} (${code} ${name})`;
  const checked = checkGeometry(feature.geometry, toLngLat(source.crs));
  issues.push(...checked.issues.map((issue) => ({ ...issue, feature: label })));
  if (!checked.polygons) throw new ImportError(issues);
  return {
    code,
    name,
    geometry: toGeometry(checked.polygons),
    ...(source.title ? { title: source.title } : {}),
  };
}

function parishCandidates(
  source: FeatureSource,
  given: Partial<PropertyNames> | undefined,
  issues: ImportIssue[],
  counts: BoundaryImport["counts"],
): Candidate[] {
  const fields = pickProperties(source.file, source.features, "parish", given);
  const candidates: Candidate[] = [];
  for (const feature of source.features) {
    const code = propertyText(feature.properties[fields.code]).trim();
    let name = propertyText(feature.properties[fields.name]).trim();
    const label = `${feature.label} (${code || "no code"} ${name || "no name"})`;
    if (NON_CIVIL.test(code)) {
      counts.nonCivil++;
      issues.push({
        level: "note",
        feature: label,
        message: "left out non-civil-parished areas (E43): their points are unparished",
      });
      continue;
    }
    if (!PARISH_CODE.test(code)) {
      issues.push({
        level: "error",
        feature: label,
        message: `${fields.code} "${code}" is not an ONS parish code (E04… or W04…)`,
      });
      continue;
    }
    if (!name) {
      issues.push({ level: "error", feature: label, message: `has no ${fields.name}` });
      continue;
    }
    if (BOUNDARY_LINE_SUFFIX.test(name)) {
      name = name.replace(BOUNDARY_LINE_SUFFIX, "");
      issues.push({
        level: "fixed",
        feature: label,
        message: 'removed Boundary-Line\'s " CP" suffix from names',
      });
    }
    candidates.push({ label, feature, code, name });
  }
  return candidates;
}

/**
 * Parishes that might be in the district: by the parish file's own district code column when it
 * has one, else by box.
 */
function nearDistrict(
  source: FeatureSource,
  candidates: Candidate[],
  district: Boundary,
  counts: BoundaryImport["counts"],
): Candidate[] {
  const column = districtCodeProperty(source.features);
  const near = nearDistrictBox(district, source.crs);
  const kept = candidates.filter(({ feature }) =>
    column ? String(feature.properties[column]).trim() === district.code : near(feature.geometry),
  );
  counts.outside += candidates.length - kept.length;
  return kept;
}

function checkParishes(
  source: FeatureSource,
  candidates: Candidate[],
  district: Boundary | undefined,
  issues: ImportIssue[],
  counts: BoundaryImport["counts"],
): ImportedParish[] {
  const toWgs84 = toLngLat(source.crs);
  const progress = startProgress(
    `checking ${source.file}`,
    candidates.length,
    candidates.length >= LARGE_FEATURE_COUNT,
  );
  const parishes: ImportedParish[] = [];
  for (const { label, feature, code, name } of candidates) {
    progress.advance();
    const checked = checkGeometry(feature.geometry, toWgs84);
    issues.push(...checked.issues.map((issue) => ({ ...issue, feature: label })));
    if (!checked.polygons) continue;
    if (district && !insideDistrict(checked.polygons, district.geometry)) {
      counts.outside++;
      issues.push({
        level: "note",
        feature: label,
        message: `left out parishes next to ${district.code} but not in it`,
      });
      continue;
    }
    parishes.push({ code, name, geometry: toGeometry(checked.polygons), label });
  }
  progress.done();
  return parishes;
}

function reportDuplicates(parishes: ImportedParish[], issues: ImportIssue[]): void {
  const byCode = new Map<string, string[]>();
  for (const parish of parishes) {
    byCode.set(parish.code, [...(byCode.get(parish.code) ?? []), parish.label]);
  }
  for (const [code, labels] of byCode) {
    if (labels.length > 1)
      issues.push({ level: "error", feature: labels.join(" and "), message: `both have code ${code}` });
  }
}

import { propertyText } from "./property-text.js";
import type { SourceFeature } from "./read-features.js";

export type Role = "parish" | "district" | "county" | "police";

export interface PropertyNames {
  code: string;
  name: string;
}

/** Any ONS GSS code: a letter for the country, two digits for the entity, six for the area. */
export const ONS_CODE = /^[EWSN]\d{8}$/;

// In order of preference. ONS files name columns by year (PAR23CD, PARNCP24CD, LAD23CD…); Trafford
// Data Lab uses area_code/area_name; OS Boundary-Line has `code` (GSS) beside `area_code` ("CPC").
const CODE_CANDIDATES: Record<Role, RegExp[]> = {
  parish: [/^PARNCP\d{2}CD$/i, /^PAR\d{2}CD$/i, /^area_code$/i, /^gss_code$/i, /^code$/i],
  district: [/^LAD\d{2}CD$/i, /^LTLA\d{2}CD$/i, /^area_code$/i, /^gss_code$/i, /^code$/i],
  county: [/^CTY\d{2}CD$/i, /^CTYUA\d{2}CD$/i, /^UTLA\d{2}CD$/i, /^area_code$/i, /^gss_code$/i, /^code$/i],
  police: [/^PFA\d{2}CD$/i, /^area_code$/i, /^gss_code$/i, /^code$/i],
};
const NAME_CANDIDATES: Record<Role, RegExp[]> = {
  parish: [/^PARNCP\d{2}NM$/i, /^PAR\d{2}NM$/i, /^area_name$/i, /^name$/i],
  district: [/^LAD\d{2}NM$/i, /^LTLA\d{2}NM$/i, /^area_name$/i, /^name$/i],
  county: [/^CTY\d{2}NM$/i, /^CTYUA\d{2}NM$/i, /^UTLA\d{2}NM$/i, /^area_name$/i, /^name$/i],
  police: [/^PFA\d{2}NM$/i, /^area_name$/i, /^name$/i],
};

/**
 * Which properties hold the ONS code and the name. Given names win; otherwise the first candidate
 * present whose values mostly look like ONS codes (so Boundary-Line's `area_code` of "CPC" is passed
 * over for its `code`).
 */
export function pickProperties(
  file: string,
  features: readonly SourceFeature[],
  role: Role,
  given: Partial<PropertyNames> = {},
  /** The command-line options that name the properties, e.g. `--parish` for `--parish-code-field`. */
  option = `--${role}`,
): PropertyNames {
  const keys = [...new Set(features.flatMap((feature) => Object.keys(feature.properties)))];
  const looksLikeCodes = (key: string) =>
    features.filter((feature) => ONS_CODE.test(propertyText(feature.properties[key]).trim())).length * 2 >=
    features.length;
  const code =
    given.code ??
    CODE_CANDIDATES[role].flatMap((pattern) => keys.filter((key) => pattern.test(key))).find(looksLikeCodes);
  const name =
    given.name ?? NAME_CANDIDATES[role].flatMap((pattern) => keys.filter((key) => pattern.test(key)))[0];
  const known = keys.length > 0 ? keys.join(", ") : "none";
  if (!code)
    throw new Error(
      `${file}: no property holds ONS ${role} codes (properties: ${known}); name it with ${option}-code-field`,
    );
  if (!name)
    throw new Error(
      `${file}: no property holds ${role} names (properties: ${known}); name it with ${option}-name-field`,
    );
  for (const key of [code, name]) {
    if (!keys.includes(key) && features.length > 0)
      throw new Error(`${file}: no feature has a "${key}" property (properties: ${known})`);
  }
  return { code, name };
}

/** A property naming the district each parish is in, for filtering by code rather than by shape. */
export function districtCodeProperty(features: readonly SourceFeature[]): string | undefined {
  const keys = new Set(features.flatMap((feature) => Object.keys(feature.properties)));
  return [...keys].find((key) => /^LAD\d{2}CD$/i.test(key));
}

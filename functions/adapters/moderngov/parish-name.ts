/**
 * Matching ONS parish names ("Saint Mary and Marsh") to the titles a Modern.Gov install gives its
 * councils ("St Mary & Marsh Parish Council"). Only spelling variants are forgiven; two names that
 * differ in a real word never match.
 */

const SUFFIXES = [
  "parish council",
  "town council",
  "community council",
  "village council",
  "neighbourhood council",
  "city council",
  "parish meeting",
  "town meeting",
  "village meeting",
  "council",
  "parish",
];

/**
 * A comparison key for a parish name: lower case, accents dropped, apostrophes removed,
 * "&" → "and", "Saint"/"St." → "st", punctuation and hyphens → spaces, no leading "The",
 * no trailing "Parish Council"/"Town Council"/"Community Council"/"Parish Meeting"/"Village Council".
 */
export function normaliseParishName(name: string): string {
  let text = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['‘’`´]/g, "")
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
  let words = text.split(" ").map((w) => (w === "saint" ? "st" : w));
  if (words[0] === "the" && words.length > 1) words = words.slice(1);
  text = words.join(" ");
  for (const suffix of SUFFIXES) {
    if (text.endsWith(` ${suffix}`)) {
      text = text.slice(0, -suffix.length - 1);
      break;
    }
  }
  // "The Bourne Parish Council": the article may follow the suffix removal too.
  if (text.startsWith("the ") && text.length > 4) text = text.slice(4);
  return text;
}

/** Like the normalised name, without spaces: "Hightown" = "High Town", "Long-Stanton" = "Longstanton". */
function compact(name: string): string {
  return normaliseParishName(name).replace(/ /g, "");
}

/**
 * The record whose title names the same parish as `onsName`, or `undefined`. An exact normalised
 * match wins; otherwise a match ignoring word breaks is accepted only when exactly one record has it.
 */
export function matchParish<T extends { title: string }>(
  onsName: string,
  records: readonly T[],
): T | undefined {
  const key = normaliseParishName(onsName);
  if (key === "") return undefined;
  const exact = records.filter((r) => normaliseParishName(r.title) === key);
  if (exact.length > 0) {
    // The same parish listed twice (e.g. a shared install): prefer the title spelled like the ONS name.
    const lower = onsName.trim().toLowerCase();
    return exact.find((r) => r.title.trim().toLowerCase().startsWith(lower)) ?? exact[0];
  }
  const squashed = compact(onsName);
  const loose = records.filter((r) => compact(r.title) === squashed);
  return loose.length === 1 ? loose[0] : undefined;
}

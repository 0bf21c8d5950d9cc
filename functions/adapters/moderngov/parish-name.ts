import type { NameMatch, ParishRef } from "#core/ports/directory.js";

/**
 * Matching ONS parish names ("Saint Mary and Marsh") to the titles a Modern.Gov install gives its
 * councils ("St Mary & Marsh Parish Council"), with a confidence. Only spelling is forgiven: two
 * names that differ in a real word never match, and a near miss (a letter out) is only ever named to
 * staff as a possible match. Welsh mutations ("Cyngor Bro Ddyfi" for "Dyfi") are not undone: map
 * such parishes in the configuration.
 */

/** Council types a title (or an OS/ONS name) may end with; the longest is removed first. */
const SUFFIXES = [
  "parish council",
  "town council",
  "city council",
  "community council",
  "village council",
  "neighbourhood council",
  "parish meeting",
  "town meeting",
  "village meeting",
  "community",
  "council",
  "parish",
  "cp",
];

/** Welsh council types a title may start with: "Cyngor Cymuned Llanfair" is Llanfair Community Council. */
const WELSH_PREFIXES = ["cyngor cymuned", "cyngor tref", "cyngor dinas", "cyngor bro", "cyngor plwyf"];

/** How sure each kind of match is, the best first. */
const CONFIDENCE = { exact: 1, spelling: 0.95, welsh: 0.95, "word-breaks": 0.9 } as const;

function stripSuffix(text: string): string {
  for (const suffix of SUFFIXES) {
    if (text.endsWith(` ${suffix}`)) return text.slice(0, -suffix.length - 1);
  }
  return text;
}

function stripArticle(text: string): string {
  return text.startsWith("the ") && text.length > 4 ? text.slice(4) : text;
}

/** Lower case, single spaces, no leading "The", no trailing council type: what an exact match compares. */
function plainKey(name: string): string {
  let text = name.toLowerCase().replace(/\s+/g, " ").trim();
  text = stripArticle(text);
  text = stripSuffix(text);
  return stripArticle(text);
}

/**
 * A comparison key forgiving spelling: accents dropped, apostrophes removed, "&" → "and",
 * "Saint"/"St." → "st", punctuation and hyphens → spaces, no leading "The", no trailing
 * "Parish Council"/"Town Council"/"Community Council"/"Parish Meeting"/"CP".
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
  text = text
    .split(" ")
    .map((w) => (w === "saint" ? "st" : w))
    .join(" ");
  text = stripArticle(text);
  text = stripSuffix(text);
  return stripArticle(text);
}

/** The name without a Welsh council type in front ("cyngor cymuned llanfair" → "llanfair"), if it has one. */
function withoutWelshPrefix(key: string): string | undefined {
  const prefix = WELSH_PREFIXES.find((p) => key.startsWith(`${p} `));
  return prefix ? stripArticle(key.slice(prefix.length + 1)) : undefined;
}

/** The names a title gives: a bilingual title ("X Community Council / Cyngor Cymuned X") gives two. */
function namesOf(title: string): string[] {
  return title
    .split(/\s+[/|]\s+|\s*\/\s*/)
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

/** How well one title names the parish, or `undefined`. */
function compare(onsName: string, title: string): Omit<NameMatch, "title"> | undefined {
  let best: Omit<NameMatch, "title"> | undefined;
  const consider = (how: keyof typeof CONFIDENCE) => {
    if (!best || CONFIDENCE[how] > best.confidence) best = { confidence: CONFIDENCE[how], how };
  };
  for (const ons of namesOf(onsName)) {
    const onsPlain = plainKey(ons);
    const onsKey = normaliseParishName(ons);
    if (onsKey === "") continue;
    for (const name of namesOf(title)) {
      if (plainKey(name) === onsPlain) consider("exact");
      const key = normaliseParishName(name);
      const welsh = withoutWelshPrefix(key);
      if (key === onsKey) consider("spelling");
      else if (welsh !== undefined && (welsh === onsKey || compact(welsh) === compact(onsKey)))
        consider("welsh");
      else if (compact(key) === compact(onsKey)) consider("word-breaks");
    }
  }
  return best;
}

/** Like the normalised name, without spaces: "Hightown" = "High Town", "Long-Stanton" = "Longstanton". */
function compact(key: string): string {
  return key.replace(/ /g, "");
}

export type ParishMatch<T> =
  /** One record names the parish best. */
  | { kind: "match"; record: T; match: NameMatch }
  /** Several records name it equally well: none is used. */
  | { kind: "uncertain"; candidates: T[] }
  /** None names it; `nearMisses` are titles a letter or two away, for staff to check. */
  | { kind: "none"; nearMisses: string[] };

/**
 * The record whose title names the parish. A configured title (`mappedTitle`, from the ONS code)
 * is authoritative: only that title matches, with confidence 1. Otherwise the best kind of match
 * wins (exact, then spelling or Welsh, then word breaks); two records equally good are uncertain.
 */
export function findParish<T extends { title: string }>(
  parish: Pick<ParishRef, "name">,
  records: readonly T[],
  mappedTitle?: string,
): ParishMatch<T> {
  if (mappedTitle !== undefined) {
    const wanted = mappedTitle.trim().toLowerCase().replace(/\s+/g, " ");
    const mapped = records.filter((r) => r.title.trim().toLowerCase().replace(/\s+/g, " ") === wanted);
    if (mapped.length === 1 && mapped[0]) {
      return {
        kind: "match",
        record: mapped[0],
        match: { title: mapped[0].title, confidence: 1, how: "mapped" },
      };
    }
    return mapped.length > 1 ? { kind: "uncertain", candidates: mapped } : { kind: "none", nearMisses: [] };
  }
  let best: { record: T; match: NameMatch }[] = [];
  for (const record of records) {
    const found = compare(parish.name, record.title);
    if (!found) continue;
    const top = best[0]?.match.confidence ?? 0;
    if (found.confidence > top) best = [];
    if (found.confidence >= top) best.push({ record, match: { title: record.title, ...found } });
  }
  const [first, ...others] = best;
  if (first && others.length === 0) return { kind: "match", ...first };
  if (first) return { kind: "uncertain", candidates: best.map((b) => b.record) };
  return { kind: "none", nearMisses: nearMisses(parish.name, records) };
}

/** Titles one letter away (two for long names), ignoring spelling and word breaks. */
function nearMisses(onsName: string, records: readonly { title: string }[]): string[] {
  const target = compact(normaliseParishName(onsName));
  if (target === "") return [];
  const allowed = target.length >= 12 ? 2 : 1;
  const found = records
    .filter((r) =>
      namesOf(r.title).some((name) => {
        const key = normaliseParishName(name);
        const candidates = [key, withoutWelshPrefix(key)].filter((k): k is string => k !== undefined);
        return candidates.some((k) => editDistance(compact(k), target, allowed) <= allowed);
      }),
    )
    .map((r) => r.title);
  return [...new Set(found)];
}

/** Levenshtein distance, giving up (returning `limit + 1`) once it must exceed `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      row.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = row;
  }
  return previous[b.length] ?? limit + 1;
}

/**
 * The hand-drawn plan of the fictional district: which mesh cell belongs to which parish. Drawing it
 * by hand (rather than growing regions at random) keeps the special cases deliberate and visible.
 */

/** Where the district sits: open sea on the Dogger Bank, so it cannot be mistaken for a real place. */
export const ORIGIN = { lng: 2.3, lat: 54.5 } as const;

export const DISTRICT = {
  code: "E07999999",
  name: "Exampleshire Vale",
} as const;

/** The district's main town, which is not parished: look-ups there fall back to the district. */
export const UNPARISHED_TOWN_NAME = "Exampleton";

/**
 * One character per 3 km square, north at the top. Each Voronoi cell of the mesh takes the character
 * under its (warped) site, so boundaries meander instead of following this grid. `.` is sea (outside the district), `T` is the
 * unparished town, any other letter is a parish (see PARISHES). Lower case marks a detached part
 * of the parish with the upper-case letter, deliberately well away from its main part.
 */
export const PLAN = [
  "...AAAUU..",
  "..AAAUUUB.",
  ".SAAGGUBBB",
  "SSSGGGUBBN",
  "SSSGGTTNNN",
  ".SLLTTTCNN",
  ".LLLHHCCNs",
  "KKLHHHCCC.",
  ".KKHHHWWC.",
  "..KKWWWW..",
] as const;

export interface ParishPlan {
  code: string;
  /** The ONS-style name. */
  name: string;
  /** Letter in PLAN; undefined for the enclave, which is drawn as a blob, not as cells. */
  letter?: string;
}

/** Codes follow the ONS parish pattern (E04…) in a range no real parish uses. */
export const PARISHES: readonly ParishPlan[] = [
  { code: "E04999001", name: "Ashcombe", letter: "A" },
  { code: "E04999002", name: "Saint Aldhelm and Marsh", letter: "S" },
  { code: "E04999003", name: "Great Wendle", letter: "G" },
  { code: "E04999004", name: "Kings Ferry", letter: "K" },
  { code: "E04999005", name: "Little Wendle", letter: "L" },
  { code: "E04999006", name: "Hollowmere", letter: "H" },
  { code: "E04999007", name: "Brackenfold", letter: "B" },
  { code: "E04999008", name: "Upper Lynthorpe", letter: "U" },
  { code: "E04999009", name: "Nethersby Saltings", letter: "N" },
  { code: "E04999010", name: "Coldwick with Fennox", letter: "C" },
  { code: "E04999011", name: "Westerholme", letter: "W" },
  { code: "E04999012", name: "Quillet Holme" },
];

/**
 * Quillet Holme is an enclave: a blob around this PLAN grid corner (the top-left corner of PLAN cell
 * row 8, col 5), cut out of Hollowmere as a hole. The four PLAN cells around that corner are all
 * Hollowmere, so the blob stays well clear of Hollowmere's own boundary.
 */
export const ENCLAVE = {
  code: "E04999012",
  hostCode: "E04999006",
  planCorner: { row: 8, col: 5 },
  radiusKm: 1.15,
} as const;

/** The parish drawn in two parts (lower-case letter in PLAN). */
export const MULTIPOLYGON_CODE = "E04999002";

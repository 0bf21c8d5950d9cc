/**
 * The fictional county around Exampleshire Vale: a second district (Harrowfield) to its north and a
 * unitary (Saltmere) beside that, drawn on one plan with the Vale so neighbours share a mesh and
 * therefore their exact boundary vertices. The Vale's own rows are its PLAN, unchanged, so its
 * shapes (and every test pinned to them) stay byte-identical.
 */
import { DISTRICT, PARISHES, type ParishPlan, PLAN, UNPARISHED_TOWN_NAME } from "./layout.js";

export type LocalAreaType = "district" | "unitary";

/** A district or unitary: its parishes and its unparished town, by PLAN letter. */
export interface LocalAreaPlan {
  /** The council's id (ADR 0012), also its clerk directory's site under the local Modern.Gov server. */
  council: string;
  code: string;
  name: string;
  type: LocalAreaType;
  town: { name: string; letter: string };
  parishes: readonly ParishPlan[];
}

export const LOCAL_AREAS: readonly LocalAreaPlan[] = [
  {
    council: "exampleshire-vale",
    ...DISTRICT,
    type: "district",
    town: { name: UNPARISHED_TOWN_NAME, letter: "T" },
    parishes: PARISHES,
  },
  {
    council: "harrowfield",
    code: "E07999998",
    name: "Harrowfield",
    type: "district",
    town: { name: "Harrowfield", letter: "R" },
    parishes: [
      { code: "E04999101", name: "Brindlecote", letter: "D" },
      { code: "E04999102", name: "Much Ollerby", letter: "O" },
      { code: "E04999103", name: "Denholt and Skeyne", letter: "E" },
      { code: "E04999104", name: "Farrowby", letter: "F" },
      { code: "E04999105", name: "Harrowfield Without", letter: "J" },
    ],
  },
  {
    council: "saltmere",
    code: "E06999999",
    name: "Saltmere",
    type: "unitary",
    town: { name: "Saltmere", letter: "Y" },
    parishes: [
      { code: "E04999201", name: "Gullscar", letter: "Q" },
      { code: "E04999202", name: "Pennock Staithe", letter: "P" },
      { code: "E04999203", name: "Wrayholm and Tarn", letter: "X" },
      { code: "E04999204", name: "Merrowby", letter: "M" },
    ],
  },
];

/** The two-tier county: exactly the two districts. */
export const COUNTY = {
  code: "E10999999",
  name: "Exampleshire",
  members: ["E07999999", "E07999998"],
} as const;
/** The police force area: all three. */
export const POLICE = {
  code: "E23999999",
  name: "Exampleshire",
  members: ["E07999999", "E07999998", "E06999999"],
} as const;

/** Rows of COUNTY_PLAN above the Vale's PLAN (Harrowfield and Saltmere lie north of it). */
export const ROWS_ABOVE_VALE = 6;

/**
 * Same scale and warp as PLAN (3 km squares, north up), whose rows follow unchanged (padded with
 * sea on the east). Harrowfield: D, O, E, F, J parishes and R its town; Saltmere: Q, P, X, M and
 * Y its town. The Vale's letters appear only in its own rows, so its cells are exactly as before.
 */
export const COUNTY_PLAN: readonly string[] = [
  "....DDOOO.....",
  "...DDDOOOQQQ..",
  "..EDDDOOQQQQX.",
  "..EEJRRJQYYXX.",
  "..FFJRRJMYYPX.",
  "..FFJJJJMMPPP.",
  ...PLAN.map((row) => row.padEnd(14, ".")),
];

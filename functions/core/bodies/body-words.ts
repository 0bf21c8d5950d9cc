import type { BodyKind } from "./body.js";

/** What each kind of body is, in running text ("the county council", "the road safety partnership"). */
export const BODY_KIND_WORDS: Readonly<Record<BodyKind, string>> = {
  "parish-council": "parish council",
  "town-council": "town council",
  "community-council": "community council",
  "parish-meeting": "parish meeting",
  "district-council": "district council",
  "unitary-council": "council",
  "county-council": "county council",
  police: "police",
  "road-safety-partnership": "road safety partnership",
  "national-highways": "National Highways",
};

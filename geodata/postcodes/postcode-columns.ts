/** Where the fields an import needs sit in an ONSPD, NSPL or similar postcode CSV. */
export interface PostcodeColumns {
  postcode: number;
  lat: number;
  lng: number;
  /** The local authority district code (ONSPD/NSPL `oslaua`/`laua`/`lad25cd`…), if the file has one. */
  district: number | undefined;
  /** The termination date (`doterm`), empty for live postcodes, if the file has one. */
  terminated: number | undefined;
}

// ONSPD and NSPL write `pcds` ("M15 4AB"), `pcd` (7 characters, "M1  1AA") and `pcd2` (8); others
// just `postcode`. Preference: the spaced form first, though every form is normalised anyway.
const CANDIDATES = {
  postcode: [/^pcds$/i, /^postcode$/i, /^pcd$/i, /^pcd2$/i, /^pcd[78]$/i],
  lat: [/^lat$/i, /^latitude$/i],
  lng: [/^long$/i, /^lng$/i, /^lon$/i, /^longitude$/i],
  district: [/^oslaua$/i, /^laua$/i, /^lad\d{2}cd$/i, /^la_code$/i, /^lad_code$/i],
  terminated: [/^doterm$/i],
};

export function findPostcodeColumns(header: readonly string[], file: string): PostcodeColumns {
  const names = header.map((name) => name.trim().replace(/^\uFEFF/, ""));
  const find = (patterns: RegExp[]) => {
    for (const pattern of patterns) {
      const index = names.findIndex((name) => pattern.test(name));
      if (index >= 0) return index;
    }
    return undefined;
  };
  const [postcode, lat, lng] = [find(CANDIDATES.postcode), find(CANDIDATES.lat), find(CANDIDATES.lng)];
  if (postcode === undefined || lat === undefined || lng === undefined) {
    throw new Error(
      `${file}: needs postcode (pcds, pcd or postcode), lat and long columns; it has ${names.join(", ")}`,
    );
  }
  return { postcode, lat, lng, district: find(CANDIDATES.district), terminated: find(CANDIDATES.terminated) };
}

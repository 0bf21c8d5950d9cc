/** File names in a geodata folder (GEODATA_DIR). */
export const GEODATA_FILES = {
  district: "district.geojson",
  parishes: "parishes.geojson",
  /** Optional: counties (E10), each made of whole districts. */
  county: "county.geojson",
  /** Optional: police force areas (E23), each made of whole districts and unitaries. */
  police: "police.geojson",
  postcodes: "postcodes.csv",
  /** Built by `npm run geodata -- build <dir>` from the district, parish, county and police files. */
  boundaryIndex: "boundaries.idx",
  /** Built by `npm run geodata -- build <dir>` from postcodes.csv. */
  postcodeTable: "postcodes.idx",
} as const;

export const REBUILD_HINT = "rebuild it with: npm run geodata -- build <geodata folder>";

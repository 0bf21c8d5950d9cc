/** File names in a geodata folder (GEODATA_DIR). */
export const GEODATA_FILES = {
  district: "district.geojson",
  parishes: "parishes.geojson",
  postcodes: "postcodes.csv",
  /** Built by `npm run geodata -- build <dir>` from the district and parish files. */
  boundaryIndex: "boundaries.idx",
  /** Built by `npm run geodata -- build <dir>` from postcodes.csv. */
  postcodeTable: "postcodes.idx",
} as const;

export const REBUILD_HINT = "rebuild it with: npm run geodata -- build <geodata folder>";

import { decodeSections, encodeSections } from "./binary-sections.js";
import { PostcodeTable } from "./postcode-table.js";

/** Bump when the layout changes; old files are then rejected. */
export const POSTCODE_TABLE_VERSION = 1;
const MAGIC = "SPPCODES";

export interface PostcodeTableFile {
  table: PostcodeTable;
  /** `sourceHash` of the postcodes.csv it was built from. */
  sourceHash: string;
}

export function encodePostcodeTable({ table, sourceHash }: PostcodeTableFile): Uint8Array {
  return encodeSections(
    MAGIC,
    POSTCODE_TABLE_VERSION,
    { sourceHash, count: table.size },
    { keys: table.keys, coords: table.coords },
  );
}

/** `what` names the file in errors. */
export function decodePostcodeTable(bytes: Uint8Array, what: string): PostcodeTableFile {
  const file = decodeSections(bytes, MAGIC, POSTCODE_TABLE_VERSION, what);
  const table = new PostcodeTable(file.section("keys", "f64"), file.section("coords", "f64"));
  return { table, sourceHash: String(file.header.sourceHash) };
}

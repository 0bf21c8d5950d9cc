/**
 * The container shared by the compact geodata files: an 8-byte magic, a format version, a JSON
 * header, then raw typed-array sections, each 8-byte aligned so that loading is a matter of making
 * views on the file's bytes, with no parsing or copying.
 *
 *   0  magic (8 ASCII bytes)   8  version (u32 LE)   12  header length H (u32 LE)
 *   16 header JSON, space-padded to a multiple of 8   16 + H  sections (offsets in the header)
 */
export type SectionArray = Float64Array | Uint32Array | Uint8Array;
type SectionType = "f64" | "u32" | "u8";

interface SectionEntry {
  type: SectionType;
  /** Byte offset from the start of the sections. */
  offset: number;
  /** Number of elements. */
  length: number;
}

const PREAMBLE = 16;

export interface DecodedSections {
  header: Record<string, unknown>;
  section(name: string, type: "f64"): Float64Array;
  section(name: string, type: "u32"): Uint32Array;
  section(name: string, type: "u8"): Uint8Array;
}

export function encodeSections(
  magic: string,
  version: number,
  header: Record<string, unknown>,
  sections: Record<string, SectionArray>,
): Uint8Array {
  assertLittleEndian();
  const entries: Record<string, SectionEntry> = {};
  let offset = 0;
  for (const [name, array] of Object.entries(sections)) {
    entries[name] = { type: typeOf(array), offset, length: array.length };
    offset += align8(array.byteLength);
  }
  const json = new TextEncoder().encode(JSON.stringify({ ...header, sections: entries }));
  const headerLength = align8(json.byteLength);
  const bytes = new Uint8Array(PREAMBLE + headerLength + offset);
  bytes.set(new TextEncoder().encode(magic.padEnd(8).slice(0, 8)));
  const view = new DataView(bytes.buffer);
  view.setUint32(8, version, true);
  view.setUint32(12, headerLength, true);
  bytes.fill(0x20, PREAMBLE, PREAMBLE + headerLength);
  bytes.set(json, PREAMBLE);
  for (const [name, array] of Object.entries(sections)) {
    const start = PREAMBLE + headerLength + (entries[name] as SectionEntry).offset;
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), start);
  }
  return bytes;
}

/** Checks the magic, version and extents; `what` names the file in errors. */
export function decodeSections(
  input: Uint8Array,
  magic: string,
  version: number,
  what: string,
): DecodedSections {
  assertLittleEndian();
  // Views need the file to start on an 8-byte boundary of its buffer; a pooled Buffer may not.
  const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
  if (bytes.byteLength < PREAMBLE || new TextDecoder().decode(bytes.subarray(0, 8)) !== magic.padEnd(8)) {
    throw new Error(`${what} is not a ${magic.trim()} file`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = view.getUint32(8, true);
  if (found !== version) {
    throw new Error(`${what} has format version ${found}, but this code reads version ${version}`);
  }
  const headerLength = view.getUint32(12, true);
  if (PREAMBLE + headerLength > bytes.byteLength) throw new Error(`${what} is truncated`);
  const header = JSON.parse(
    new TextDecoder().decode(bytes.subarray(PREAMBLE, PREAMBLE + headerLength)),
  ) as Record<string, unknown>;
  const entries = (header.sections ?? {}) as Record<string, SectionEntry>;
  const base = bytes.byteOffset + PREAMBLE + headerLength;
  const section = (name: string, type: SectionType): SectionArray => {
    const entry = entries[name];
    if (!entry || entry.type !== type) throw new Error(`${what} has no ${type} section "${name}"`);
    const width = type === "f64" ? 8 : type === "u32" ? 4 : 1;
    if (base - bytes.byteOffset + entry.offset + entry.length * width > bytes.byteLength) {
      throw new Error(`${what} is truncated`);
    }
    const start = base + entry.offset;
    if (type === "f64") return new Float64Array(bytes.buffer, start, entry.length);
    if (type === "u32") return new Uint32Array(bytes.buffer, start, entry.length);
    return new Uint8Array(bytes.buffer, start, entry.length);
  };
  return { header, section: section as DecodedSections["section"] };
}

function typeOf(array: SectionArray): SectionType {
  return array instanceof Float64Array ? "f64" : array instanceof Uint32Array ? "u32" : "u8";
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

function assertLittleEndian(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
    throw new Error("geodata index files are little-endian; this machine is not");
  }
}

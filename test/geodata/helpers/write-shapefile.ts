/**
 * Writes a minimal ESRI polygon shapefile (.shp, .dbf with text fields, .prj) so that tests can
 * feed the importer a shapefile made from real data. Rings are written as given; the format wants
 * outer rings clockwise and holes counter-clockwise, so callers pass them that way.
 */
import { writeFileSync } from "node:fs";
import type { Position } from "geojson";

export interface ShapeRecord {
  /** Parts (outer rings and holes), each closed. */
  rings: Position[][];
  fields: Record<string, string>;
}

export const BNG_PRJ =
  'PROJCS["British_National_Grid",GEOGCS["GCS_OSGB_1936",DATUM["D_OSGB_1936",SPHEROID["Airy_1849",6377563.396,299.3249646]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",400000.0],' +
  'PARAMETER["False_Northing",-100000.0],PARAMETER["Central_Meridian",-2.0],PARAMETER["Scale_Factor",0.9996012717],' +
  'PARAMETER["Latitude_Of_Origin",49.0],UNIT["Meter",1.0]]';

/** `encoding` is that of the .dbf text; "latin1" also writes a .cpg saying code page 1252. */
export function writeShapefile(
  stem: string,
  records: readonly ShapeRecord[],
  prj: string,
  encoding: "utf8" | "latin1" = "utf8",
): void {
  writeFileSync(`${stem}.shp`, shp(records));
  writeFileSync(`${stem}.dbf`, dbf(records, encoding));
  writeFileSync(`${stem}.prj`, prj);
  if (encoding === "latin1") writeFileSync(`${stem}.cpg`, "1252\n");
}

function shp(records: readonly ShapeRecord[]): Buffer {
  const bodies = records.map(({ rings }) => {
    const points = rings.flat();
    const body = Buffer.alloc(44 + 4 * rings.length + 16 * points.length);
    body.writeInt32LE(5, 0);
    box(points).forEach((value, i) => body.writeDoubleLE(value, 4 + 8 * i));
    body.writeInt32LE(rings.length, 36);
    body.writeInt32LE(points.length, 40);
    let start = 0;
    rings.forEach((ring, i) => {
      body.writeInt32LE(start, 44 + 4 * i);
      start += ring.length;
    });
    points.forEach(([x, y], i) => {
      body.writeDoubleLE(x as number, 44 + 4 * rings.length + 16 * i);
      body.writeDoubleLE(y as number, 44 + 4 * rings.length + 16 * i + 8);
    });
    const header = Buffer.alloc(8);
    header.writeInt32BE(0, 0);
    header.writeInt32BE(body.length / 2, 4);
    return [header, body];
  });
  bodies.forEach(([header], i) => header?.writeInt32BE(i + 1, 0));
  const length =
    100 + bodies.reduce((sum, [header, body]) => sum + (header?.length ?? 0) + (body?.length ?? 0), 0);
  const head = Buffer.alloc(100);
  head.writeInt32BE(9994, 0);
  head.writeInt32BE(length / 2, 24);
  head.writeInt32LE(1000, 28);
  head.writeInt32LE(5, 32);
  box(records.flatMap((record) => record.rings.flat())).forEach((value, i) =>
    head.writeDoubleLE(value, 36 + 8 * i),
  );
  return Buffer.concat([head, ...bodies.flat()] as Buffer[]);
}

function dbf(records: readonly ShapeRecord[], encoding: "utf8" | "latin1"): Buffer {
  const names = Object.keys(records[0]?.fields ?? {});
  const widths = names.map((name) =>
    Math.max(1, ...records.map((record) => Buffer.byteLength(record.fields[name] ?? "", encoding))),
  );
  const headerLength = 32 + 32 * names.length + 1;
  const recordLength = 1 + widths.reduce((sum, width) => sum + width, 0);
  const out = Buffer.alloc(headerLength + recordLength * records.length + 1, 0x20);
  out.fill(0, 0, headerLength);
  out.writeUInt8(0x03, 0);
  out.writeUInt32LE(records.length, 4);
  out.writeUInt16LE(headerLength, 8);
  out.writeUInt16LE(recordLength, 10);
  names.forEach((name, i) => {
    out.write(name.slice(0, 10), 32 + 32 * i, "latin1");
    out.write("C", 32 + 32 * i + 11, "latin1");
    out.writeUInt8(widths[i] as number, 32 + 32 * i + 16);
  });
  out.writeUInt8(0x0d, headerLength - 1);
  records.forEach((record, r) => {
    let at = headerLength + r * recordLength + 1;
    names.forEach((name, i) => {
      out.write(record.fields[name] ?? "", at, encoding);
      at += widths[i] as number;
    });
  });
  out.writeUInt8(0x1a, out.length - 1);
  return out;
}

function box(points: Position[]): number[] {
  const xs = points.map((p) => p[0] as number);
  const ys = points.map((p) => p[1] as number);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

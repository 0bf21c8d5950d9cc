import { describe, expect, it } from "vitest";
import {
  BOUNDARY_INDEX_VERSION,
  decodeBoundaryIndex,
  encodeBoundaryIndex,
} from "#adapters/geodata/boundary-index-file.js";
import { BoundaryIndex } from "#core/spatial/boundary-index.js";
import { Geography } from "#core/spatial/geography.js";
import { tiling } from "../../core/spatial/generated-shapes.js";

const { district, parishes, onEdges, nearEdges } = tiling(11, 5, 4);
const built = new BoundaryIndex(district, parishes);
const local = { type: "district" as const, code: district.code, name: district.name };
const bytes = encodeBoundaryIndex({
  packed: { locals: [{ area: local, boundaries: built.toPacked() }] },
  sourceHash: "abc123",
});
const parishIndex = (packed: ReturnType<typeof decodeBoundaryIndex>["packed"]) =>
  new Geography(packed).parishIndex(district.code) as BoundaryIndex;

describe("boundary index file", () => {
  it("round-trips to an index with the same areas and the same answer for every point", () => {
    const { packed, sourceHash } = decodeBoundaryIndex(bytes, "test.idx");
    const loaded = parishIndex(packed);
    expect(sourceHash).toBe("abc123");
    expect(loaded.district).toEqual(built.district);
    expect(loaded.parishes).toEqual(built.parishes);
    for (const [lng, lat] of [...onEdges, ...nearEdges, [-1, -1], [2.5, 2.5]] as [number, number][]) {
      expect(loaded.locate({ lng, lat })).toEqual(built.locate({ lng, lat }));
    }
  });

  it("loads from a copy at an odd offset, as a pooled Buffer may be", () => {
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    const loaded = parishIndex(decodeBoundaryIndex(shifted.subarray(3), "odd.idx").packed);
    expect(loaded.locate({ lng: 2.5, lat: 2.5 })).toEqual(built.locate({ lng: 2.5, lat: 2.5 }));
  });

  it("refuses other files, other versions, truncated and damaged ones, naming the file", () => {
    expect(() =>
      decodeBoundaryIndex(new TextEncoder().encode('{"type":"FeatureCollection"}'), "x.idx"),
    ).toThrow("x.idx is not a SPBOUNDS file");
    const older = bytes.slice();
    new DataView(older.buffer).setUint32(8, BOUNDARY_INDEX_VERSION + 1, true);
    expect(() => decodeBoundaryIndex(older, "x.idx")).toThrow(
      `x.idx has format version ${BOUNDARY_INDEX_VERSION + 1}, but this code reads version ${BOUNDARY_INDEX_VERSION}`,
    );
    expect(() => decodeBoundaryIndex(bytes.subarray(0, bytes.byteLength - 8), "x.idx")).toThrow(
      "x.idx is truncated",
    );
    const damaged = bytes.slice();
    const header = new TextDecoder().decode(damaged);
    // Claim one vertex fewer in the last ring than the coordinates hold.
    const at = header.indexOf('"local.0.parishes.ringVertices"');
    expect(at).toBeGreaterThan(0);
    const entry = JSON.parse(header.slice(header.indexOf("{", at), header.indexOf("}", at) + 1)) as {
      offset: number;
      length: number;
    };
    const headerLength = new DataView(damaged.buffer).getUint32(12, true);
    const view = new Uint32Array(damaged.buffer, 16 + headerLength + entry.offset, entry.length);
    view[entry.length - 1] = (view[entry.length - 1] as number) - 1;
    expect(() => decodeBoundaryIndex(damaged, "x.idx")).toThrow(
      "x.idx is damaged: its local.0.parishes sections do not fit together",
    );
  });
});

import type { MultiPolygon, Polygon, Position } from "geojson";

/**
 * A point inside a polygon (never on its boundary): the middle of the widest stretch of a
 * horizontal line through the polygon, drawn between two vertex heights so it meets no vertex. It
 * decides which district a parish is in, and sits well inside even when the parish and district
 * outlines were generalised differently and disagree along the district's edge.
 */
export function interiorPoint(polygon: readonly (readonly Position[])[]): Position {
  const ys = [...new Set(polygon.flat().map((p) => p[1] as number))].sort((a, b) => a - b);
  const middle = ((ys[0] as number) + (ys[ys.length - 1] as number)) / 2;
  // The two vertex heights either side of the middle: the line between them avoids every vertex.
  const above = ys.findIndex((value) => value > middle);
  const line = above <= 0 ? middle : ((ys[above - 1] as number) + (ys[above] as number)) / 2;

  const crossings: number[] = [];
  for (const ring of polygon) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x1, y1] = ring[i] as [number, number];
      const [x2, y2] = ring[i + 1] as [number, number];
      if (y1 < line !== y2 < line) crossings.push(x1 + ((line - y1) / (y2 - y1)) * (x2 - x1));
    }
  }
  crossings.sort((a, b) => a - b);
  let best: Position = [crossings[0] ?? 0, line];
  let widest = -1;
  // Between the 1st and 2nd crossing is inside, the 2nd and 3rd outside, and so on.
  for (let i = 0; i + 1 < crossings.length; i += 2) {
    const [from, to] = [crossings[i] as number, crossings[i + 1] as number];
    if (to - from > widest) {
      widest = to - from;
      best = [(from + to) / 2, line];
    }
  }
  return best;
}

/**
 * A point well inside an area's largest polygon (by box): where a parish or district is judged to
 * lie, so that outlines generalised differently, which disagree a little along shared edges, do
 * not matter.
 */
export function areaInteriorPoint(geometry: Polygon | MultiPolygon): Position {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const boxArea = (polygon: Position[][]) => {
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [x, y] of (polygon[0] ?? []) as [number, number][]) {
      [minX, minY] = [Math.min(minX, x), Math.min(minY, y)];
      [maxX, maxY] = [Math.max(maxX, x), Math.max(maxY, y)];
    }
    return (maxX - minX) * (maxY - minY);
  };
  const largest = polygons.reduce((best, polygon) => (boxArea(polygon) > boxArea(best) ? polygon : best));
  return interiorPoint(largest);
}

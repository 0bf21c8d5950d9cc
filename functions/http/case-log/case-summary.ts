import type { Case } from "#core/case/case.js";

/** Short forms of a case for lists: where it is and what it says. */

/**
 * Where a case is in words: its road and postcode as given; for a "use my location" report with
 * neither, its point and the area it fell in ("Near 54.5044, 2.3780 (Ashcombe)").
 */
export function locationText(c: Pick<Case, "location" | "routing">): string {
  const given = [c.location.roadName, c.location.postcode].filter((part) => part?.trim());
  if (given.length > 0) return given.join(", ");
  return `Near ${c.location.lat.toFixed(4)}, ${c.location.lng.toFixed(4)} (${c.routing.area.name})`;
}

/** The start of a description, cut at a word, with an ellipsis when cut; one line. */
export function snippet(text: string, max = 80): string {
  const line = text.replace(/\s+/g, " ").trim();
  // By code point, so an emoji or accented letter is never split.
  const chars = Array.from(line);
  if (chars.length <= max) return line;
  const cut = chars.slice(0, max).join("");
  const lastSpace = cut.lastIndexOf(" ");
  // A first word longer than half the snippet is cut inside it rather than left empty.
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,.;:!?-]+$/, "")}…`;
}

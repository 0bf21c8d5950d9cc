import speeding from "./speeding.json" with { type: "json" };
import streetFurniture from "./street-furniture.json" with { type: "json" };

/** Every service Signpost offers, as its data file. Adding a service is a JSON file plus a line here. */
export const serviceFiles: readonly { source: string; raw: unknown }[] = [
  { source: "services/speeding.json", raw: speeding },
  { source: "services/street-furniture.json", raw: streetFurniture },
];

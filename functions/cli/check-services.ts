/**
 * `npm run check:services [geodata folder]`: runs the full validation over every service definition
 * and the geodata's bodies file (geodata/demo unless a folder is given), and reports each; a fault
 * is named with its file, the path inside it and what is wrong. The bodies' area codes are checked
 * against the boundary layers the folder holds; a layer it does not hold is skipped, and said so.
 * Each parish body must be named for its parish.
 */
import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { GEODATA_FILES } from "#adapters/geodata/index-files.js";
import { wholeAreaTypeOf } from "#core/spatial/local-area-type.js";

// Paths relative to where it runs, so faults name files as the user typed them.
const geodataDir =
  process.argv[2] ?? relative(process.cwd(), join(import.meta.dirname, "../../geodata/demo"));

/** The layer file holding an ONS code, by the importer's own rule (docs/adr/0012-many-councils.md). */
function layerOf(code: string): string | undefined {
  if (/^[EW]04/.test(code)) return GEODATA_FILES.parishes;
  const type = wholeAreaTypeOf(code);
  if (type === "county" || type === "police") return GEODATA_FILES[type];
  return type ? GEODATA_FILES.district : undefined;
}
const LAYER_FILES: readonly string[] = [
  GEODATA_FILES.parishes,
  GEODATA_FILES.district,
  GEODATA_FILES.county,
  GEODATA_FILES.police,
];

/** One layer file's text, or undefined where the folder has none. */
async function layerText(file: string): Promise<string | undefined> {
  return readFile(join(geodataDir, file), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
}

/** The codes in a layer's text. A scan, not a parse: fast. */
const codesIn = (text: string): ReadonlySet<string> =>
  new Set([...text.matchAll(/"code"\s*:\s*"([^"]+)"/g)].map((m) => m[1] as string));

try {
  const { validatedServices } = await import("#core/services/validated-services.js");
  const { serviceFiles } = await import("#core/services/service-files.js");
  const { loadBodiesFile, BODIES_FILE } = await import("#adapters/geodata/load-bodies.js");
  const { unlistedRouteBodies } = await import("#core/bodies/bodies-file.js");
  const { misnamedParishBodies, parishNamesIn } = await import("./parish-body-names.js");
  const services = validatedServices();
  for (const service of services.values()) {
    console.log(`ok  ${service.id}: ${service.questions.length} questions, ${service.rules.length} rules`);
  }

  // Each layer read once: its codes for the bodies' areas, the parishes' names for their bodies.
  const texts = new Map(
    await Promise.all(LAYER_FILES.map(async (file) => [file, await layerText(file)] as const)),
  );
  const layers = new Map(
    [...texts].map(([file, text]) => [file, text === undefined ? undefined : codesIn(text)]),
  );
  const bodiesSource = join(geodataDir, BODIES_FILE);
  const bodies = await loadBodiesFile(geodataDir, {
    areaExists: (code) => {
      const file = layerOf(code);
      return file === undefined ? undefined : layers.get(file)?.has(code);
    },
  });
  const routed = serviceFiles.map(({ source, raw }) => ({
    source,
    rules: services.get((raw as { id: string }).id)?.rules ?? [],
  }));
  const problems = [
    ...unlistedRouteBodies(routed, bodies, bodiesSource),
    ...misnamedParishBodies(
      bodiesSource,
      bodies.names,
      parishNamesIn(texts.get(GEODATA_FILES.parishes) ?? ""),
    ),
  ];
  if (problems.length > 0) throw new Error(problems.join("\n"));
  const skipped = [...layers].filter(([, codes]) => codes === undefined).map(([file]) => file);
  console.log(
    `ok  ${bodiesSource}: ${bodies.names.size} bodies, ${bodies.bodies.all.length} reached by role or id` +
      (skipped.length > 0 ? ` (no ${skipped.join(" or ")} to check area codes against)` : ""),
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}

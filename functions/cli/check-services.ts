/**
 * `npm run check:services [geodata folder]`: runs the full validation over every service definition
 * and the geodata's bodies file (geodata/demo unless a folder is given), and reports each; a fault
 * is named with its file, the path inside it and what is wrong. The bodies' area codes are checked
 * against the boundary layers the folder holds; a layer it does not hold is skipped, and said so.
 * Each parish body must be named for its parish.
 */
import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";

// Paths relative to where it runs, so faults name files as the user typed them.
const geodataDir =
  process.argv[2] ?? relative(process.cwd(), join(import.meta.dirname, "../../geodata/demo"));

/** The layer holding each kind of ONS code (docs/adr/0012-many-councils.md). */
const LAYERS: ReadonlyArray<[RegExp, string]> = [
  [/^[EW]04/, "parishes.geojson"],
  [/^(E0[6789]|W06)/, "district.geojson"],
  [/^E10/, "county.geojson"],
  [/^E23/, "police.geojson"],
];

/** The codes in one layer file, or undefined where the folder has none. A scan, not a parse: fast. */
async function layerCodes(file: string): Promise<ReadonlySet<string> | undefined> {
  const text = await readFile(join(geodataDir, file), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  return text === undefined
    ? undefined
    : new Set([...text.matchAll(/"code"\s*:\s*"([^"]+)"/g)].map((m) => m[1] as string));
}

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

  const layers = new Map(
    await Promise.all(LAYERS.map(async ([, file]) => [file, await layerCodes(file)] as const)),
  );
  const bodiesSource = join(geodataDir, BODIES_FILE);
  const bodies = await loadBodiesFile(geodataDir, {
    areaExists: (code) => {
      const file = LAYERS.find(([prefix]) => prefix.test(code))?.[1];
      return file === undefined ? undefined : layers.get(file)?.has(code);
    },
  });
  const routed = serviceFiles.map(({ source, raw }) => ({
    source,
    rules: services.get((raw as { id: string }).id)?.rules ?? [],
  }));
  const parishesText = await readFile(join(geodataDir, "parishes.geojson"), "utf8").catch(() => "");
  const problems = [
    ...unlistedRouteBodies(routed, bodies, bodiesSource),
    ...misnamedParishBodies(bodiesSource, bodies.names, parishNamesIn(parishesText)),
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

/**
 * `npm run geodata -- <command>`: import boundaries and postcodes, build the runtime index files,
 * and look points up. See `--help`, and geodata/README.md.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCommand, buildHelp } from "./commands/build-command.js";
import { importCommand, importHelp } from "./commands/import-command.js";
import { locateCommand, locateHelp } from "./commands/locate-command.js";
import { consoleOutput, type Output } from "./commands/output.js";
import { postcodesCommand, postcodesHelp } from "./commands/postcodes-command.js";

const COMMANDS = {
  import: { run: importCommand, help: importHelp },
  postcodes: { run: postcodesCommand, help: postcodesHelp },
  build: { run: buildCommand, help: buildHelp },
  locate: { run: locateCommand, help: locateHelp },
};

export const help = `Usage: npm run geodata -- <command> [options]

  import      import parish, district, unitary, county or police boundaries into a geodata folder
  postcodes   import postcode centroids (ONSPD/NSPL CSV) for that folder's district
  build       build boundaries.idx (every layer) and postcodes.idx from a folder's GeoJSON and CSV
  locate      print the chain of areas (parish, district or unitary, county, police) at a point, as JSON

\`npm run geodata -- <command> --help\` describes a command's options.`;

/** Returns the exit code: 0 done, 1 failed (the reason on stderr), 2 used wrongly. */
export async function runCli(argv: readonly string[], output: Output = consoleOutput): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    output.out(help);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name as keyof typeof COMMANDS];
  if (!command) {
    output.err(`unknown command "${name}"\n\n${help}`);
    return 2;
  }
  try {
    return await command.run(args, output);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const usage = (error as { code?: unknown }).code?.toString().startsWith("ERR_PARSE_ARGS");
    output.err(usage ? `${message}\n\n${command.help}` : message);
    return usage ? 2 : 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runCli(process.argv.slice(2));
}

import cliProgress from "cli-progress";

export interface Progress {
  advance(by?: number): void;
  done(): void;
}

const silent: Progress = { advance: () => {}, done: () => {} };

/**
 * A progress bar on stderr, only for large inputs on a terminal: small imports finish before a bar
 * would be read, and a bar in CI logs or test output is noise.
 */
export function startProgress(label: string, total: number, large: boolean): Progress {
  if (!large || !process.stderr.isTTY) return silent;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  let value = 0;
  return {
    advance(by = 1) {
      value += by;
      bar.update(Math.min(value, total));
    },
    done() {
      bar.update(total);
      bar.stop();
    },
  };
}

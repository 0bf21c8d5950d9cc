/** Timing helpers: every figure is the median of several timed rounds, after a warm-up round. */

export function perSecond(items: number, run: () => void, rounds = 5): number {
  run();
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return (items * 1000) / median(times);
}

export function milliseconds(run: () => void, rounds = 3): number {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return median(times);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Keeps results alive so the JIT cannot drop the work that made them. */
export let sink = 0;
export function consume(value: unknown): void {
  sink = (sink + (typeof value === "string" ? value.length : value ? 1 : 0)) | 0;
}

import { UpstreamError } from "#core/errors.js";
import type { ClerkDirectoryAdmin } from "./case-log-types.js";

type Refresh = ClerkDirectoryAdmin["refresh"];
/** A refresh told how long its look-up may take, in milliseconds. */
export type RefreshBy = (
  parish: Parameters<Refresh>[0],
  deadlineMs: number,
  council: Parameters<Refresh>[1],
) => ReturnType<Refresh>;

/**
 * "Refresh now" within a deadline: a look-up that retries a slow Modern.Gov can take longer than the
 * case log function may run. The look-up is given a deadline a little inside `ms`, so it stops (and
 * writes nothing) once out of time; past `ms` staff are told Modern.Gov did not answer (an
 * `UpstreamError`, shown as such) whatever the look-up is doing, instead of the function timing out.
 */
export function refreshWithin(refresh: RefreshBy, ms: number): Refresh {
  const lookupMs = Math.max(1, ms - Math.min(500, Math.floor(ms / 10)));
  return (parish, council) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new UpstreamError("moderngov", `no answer within ${ms} ms for ${parish.name}`)),
        ms,
      );
    });
    const running = refresh(parish, lookupMs, council);
    // Whatever it comes to after the deadline is not waited for.
    running.catch(() => undefined);
    return Promise.race([running, late]).finally(() => clearTimeout(timer));
  };
}

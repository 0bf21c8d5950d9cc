import { UpstreamError } from "#core/errors.js";
import type { ClerkDirectoryAdmin } from "./case-log-types.js";

type Refresh = ClerkDirectoryAdmin["refresh"];

/**
 * "Refresh now" within a deadline: a look-up that retries a slow Modern.Gov can take longer than the
 * case log function may run, so past `ms` staff are told Modern.Gov did not answer (an
 * `UpstreamError`, shown as such) instead of the function timing out. A look-up still running then
 * may finish and cache its answer later, which is harmless.
 */
export function refreshWithin(refresh: Refresh, ms: number): Refresh {
  return (parish) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new UpstreamError("moderngov", `no answer within ${ms} ms for ${parish.name}`)),
        ms,
      );
    });
    const running = refresh(parish);
    // Whatever it comes to after the deadline is not waited for.
    running.catch(() => undefined);
    return Promise.race([running, late]).finally(() => clearTimeout(timer));
  };
}

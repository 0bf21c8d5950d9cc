/**
 * Defers work from a function's init to the first request that needs it, and does it once: callers
 * arriving while it runs share the same promise. A failed load is forgotten, so the next request
 * tries again rather than every later one failing with the first error.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
}

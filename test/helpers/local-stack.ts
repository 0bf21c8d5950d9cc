import { afterAll, beforeAll } from "vitest";
import {
  type LocalStack,
  type LocalStackOptions,
  startLocalStack,
} from "../../functions/local/local-stack.js";
import { withUnmetLimits } from "./unmet-limits.js";

/**
 * How long a test waits for the local queue to empty. The queue's own default (10 s) is a deadline
 * a busy CI machine can miss while dispatch is still working correctly; the test timeout is the
 * real guard against a hang.
 */
export const QUEUE_DEADLINE_MS = 45_000;

/**
 * Starts the local stack before the tests of the enclosing file (or describe) and stops it after.
 * Options given as a function are read when the stack starts, after earlier `beforeAll`s.
 */
export function useLocalStack(
  options: LocalStackOptions | (() => LocalStackOptions),
  ready: (stack: LocalStack) => void,
): void {
  let stack: LocalStack | undefined;
  beforeAll(async () => {
    stack = await startLocalStack(withUnmetLimits(typeof options === "function" ? options() : options));
    ready(stack);
  });
  afterAll(async () => {
    await stack?.close();
  });
}

/** Resolves once every queued dispatch job has been handled. */
export function queueDrained(stack: LocalStack): Promise<void> {
  return stack.queue.drained(QUEUE_DEADLINE_MS);
}

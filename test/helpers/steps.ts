import { describe, it } from "vitest";

export type Step = (title: string, run: () => Promise<void>) => void;

/**
 * A long journey as ordered steps: each step is its own test, with its own timeout and its own line
 * in the report, sharing state through the enclosing scope. Once a step throws or times out, the
 * rest are skipped: they would only fail for the same reason. Soft assertion failures (axe) do not
 * stop the journey, so one run still reports every page's violations.
 */
export function journey(name: string, define: (step: Step) => void): void {
  describe.sequential(name, () => {
    let broken: string | undefined;
    define((title, run) => {
      it(title, async ({ skip, onTestFailed }) => {
        if (broken) skip(`an earlier step failed: ${broken}`);
        let finished = false;
        // A step that timed out may still be driving the page; the next must not start beside it.
        onTestFailed(() => {
          if (!finished) broken = title;
        });
        try {
          await run();
        } catch (error) {
          broken = title;
          throw error;
        } finally {
          finished = true;
        }
      });
    });
  });
}

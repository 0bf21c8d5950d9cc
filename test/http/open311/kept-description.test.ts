import { describe, expect, it } from "vitest";
import { MAX_DESCRIPTION_LENGTH } from "#core/input/report-input.js";
import { isWellFormed } from "#core/input/text-rules.js";
import { collectFromClient } from "#http/open311/from-client.js";
import { keptDescription } from "#http/open311/kept-description.js";

describe("Function: keptDescription", () => {
  it("keeps a description within the limit as it is, trimmed, and notes nothing", () => {
    const extras = collectFromClient();
    const text = "x".repeat(MAX_DESCRIPTION_LENGTH);
    expect(keptDescription(` ${text}\n`, extras)).toBe(text);
    expect(extras.result()).toBeUndefined();
  });

  it("keeps the start and the end of a longer one, within the limit, never splitting a character", () => {
    for (const extra of [1, 2, 3, 5000]) {
      // Emoji are two code units: a cut at any length must not leave half of one.
      const text = `title: ${"🚗".repeat((MAX_DESCRIPTION_LENGTH + extra) / 2)}url: https://example.org/r/1`;
      const extras = collectFromClient();
      const kept = keptDescription(text, extras);
      expect(kept.length).toBeLessThanOrEqual(MAX_DESCRIPTION_LENGTH);
      expect(isWellFormed(kept)).toBe(true);
      expect(kept.startsWith("title: 🚗")).toBe(true);
      expect(kept.endsWith("url: https://example.org/r/1")).toBe(true);
      expect(kept).toMatch(/\[… \d+ characters left out …\]/);
      expect(extras.result()?.notUsed?.[0]?.field).toBe("description");
    }
  });

  it("drops characters that could reorder or hide text, and says so", () => {
    const extras = collectFromClient();
    expect(keptDescription("Fast\u202E cars\u0000 \uD800here", extras)).toBe("Fast cars \uFFFDhere");
    expect(extras.result()?.notUsed).toHaveLength(1);
  });
});

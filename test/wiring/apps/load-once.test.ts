import { describe, expect, it } from "vitest";
import { loadOnce } from "../../../functions/wiring/apps/load-once.js";

describe("loadOnce", () => {
  it("does not load until asked", () => {
    let loads = 0;
    loadOnce(async () => ++loads);
    expect(loads).toBe(0);
  });

  it("loads once for callers that arrive together and for later ones", async () => {
    let loads = 0;
    const get = loadOnce(async () => {
      loads++;
      await new Promise((resolve) => setImmediate(resolve));
      return { loads };
    });
    const [a, b] = await Promise.all([get(), get()]);
    expect(a).toBe(b);
    expect(await get()).toBe(a);
    expect(loads).toBe(1);
  });

  it("tries again after a failed load", async () => {
    let loads = 0;
    const get = loadOnce(async () => {
      if (++loads === 1) throw new Error("geodata unreadable");
      return "loaded";
    });
    await expect(get()).rejects.toThrow("geodata unreadable");
    expect(await get()).toBe("loaded");
    expect(loads).toBe(2);
  });
});

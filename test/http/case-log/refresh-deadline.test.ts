import { describe, expect, it } from "vitest";
import { UpstreamError } from "#core/errors.js";
import { refreshWithin } from "../../../functions/http/case-log/refresh-deadline.js";
import { SALTMERE } from "../../helpers/councils.js";

// "Refresh now" gives up on a Modern.Gov that does not answer before the function's own time runs out.

const PARISH = { code: "E04999001", name: "Ashcombe" };
const ENTRY = { lookup: { problems: [] }, fetchedAt: "2026-12-03T12:00:00.000Z" };

describe("refreshWithin", () => {
  it("passes on an answer in time", async () => {
    await expect(refreshWithin(async () => ENTRY, 1000)(PARISH, SALTMERE)).resolves.toEqual(ENTRY);
  });

  it("passes on the look-up's own failure", async () => {
    const failing = refreshWithin(async () => {
      throw new UpstreamError("moderngov", "refused");
    }, 1000);
    await expect(failing(PARISH, SALTMERE)).rejects.toThrow("moderngov: refused");
  });

  it("gives the look-up itself a deadline inside its own, so it stops before staff are told", async () => {
    const given: number[] = [];
    const refresh = refreshWithin(async (_parish, deadlineMs) => {
      given.push(deadlineMs);
      return ENTRY;
    }, 6000);
    await refresh(PARISH, SALTMERE);
    expect(given).toEqual([5500]);
  });

  it("passes the council on, whose Modern.Gov the look-up asks", async () => {
    const asked: string[] = [];
    await refreshWithin(async (_parish, _deadlineMs, council) => {
      asked.push(council.id);
      return ENTRY;
    }, 1000)(PARISH, SALTMERE);
    expect(asked).toEqual([SALTMERE.id]);
  });

  it("says Modern.Gov did not answer when the look-up never finishes", async () => {
    const never = refreshWithin(() => new Promise(() => undefined), 5);
    const error = await never(PARISH, SALTMERE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(String(error)).toContain("no answer within 5 ms for Ashcombe");
  });
});

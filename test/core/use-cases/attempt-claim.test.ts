import { describe, expect, it } from "vitest";
import {
  ATTEMPT_IN_FLIGHT_MS,
  attemptClaim,
  claimedAttempt,
  stillInFlight,
} from "#core/use-cases/attempt-claim.js";

const AT = new Date("2026-12-03T10:00:00.000Z");
const later = (ms: number) => new Date(AT.getTime() + ms);

describe("an attempt's claim", () => {
  it("keeps the attempt id and when it began", () => {
    const holder = attemptClaim("SPD-AAAA-AAAA", "attempt-1", AT);
    expect(claimedAttempt(holder)).toEqual({ attemptId: "attempt-1", at: AT });
  });

  it("is in flight for a minute, then taken as an attempt that died", () => {
    const holder = attemptClaim("SPD-AAAA-AAAA", "attempt-1", AT);
    expect(stillInFlight(holder, later(ATTEMPT_IN_FLIGHT_MS - 1))).toBe(true);
    expect(stillInFlight(holder, later(ATTEMPT_IN_FLIGHT_MS))).toBe(false);
  });

  it("takes a claim made before times were kept (reference#id) as old, keeping its id", () => {
    expect(claimedAttempt("SPD-AAAA-AAAA#update-1")).toEqual({ attemptId: "update-1" });
    expect(stillInFlight("SPD-AAAA-AAAA#update-1", AT)).toBe(false);
  });
});

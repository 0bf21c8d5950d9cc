import { describe, expect, it } from "vitest";
import type { Bodies } from "#core/case/bodies.js";
import { type Case, type Destination, destinationTarget } from "#core/case/case.js";
import { services } from "#core/services/index.js";
import { publicRequest } from "../../../functions/http/open311/public-request.js";

// The public view of a request names the body responsible as the notice of a new request does:
// its own name from the data, capitalised, and a parish meeting never called a council.

const COUNCIL = "Exampleshire Vale District Council";
const ASHCOMBE: Destination = { kind: "parish", code: "E04999001", name: "Ashcombe" };
const WENDLE: Destination = { kind: "parish", code: "E04999004", name: "Little Wendle" };
const DISTRICT: Destination = { kind: "district", code: "E07999999", name: "Exampleshire Vale" };
const BODIES: Bodies = new Map([
  [WENDLE.code, { area: WENDLE.code, name: "Little Wendle Parish Meeting", kind: "parish-meeting" as const }],
]);

function aCase(destination: Destination): Case {
  return {
    reference: "SPD-AAAA-AAA4",
    service: "speeding",
    status: "new",
    delivery: "sent",
    createdAt: "2026-07-01T12:30:00.000Z",
    updatedAt: "2026-07-01T12:30:00.000Z",
    answers: {},
    location: { lat: 54.61543, lng: 2.21234 },
    description: "Lorries too fast",
    destination,
    routing: { ruleId: "r", requested: destinationTarget(destination), area: destination, reason: "test" },
    retainUntil: Date.parse("2030-01-01T00:00:00Z") / 1000,
  };
}

const agency = (destination: Destination, bodies?: Bodies) =>
  publicRequest(aCase(destination), services, COUNCIL, bodies).agency_responsible;

describe("publicRequest: agency_responsible", () => {
  it("is the body's name from the data: a parish meeting is no council", () => {
    expect(agency(WENDLE, BODIES)).toBe("Little Wendle Parish Meeting");
  });

  it("is '<Name> Parish Council', capitalised, for a parish the data does not list", () => {
    expect(agency(ASHCOMBE, BODIES)).toBe("Ashcombe Parish Council");
    expect(agency(WENDLE)).toBe("Little Wendle Parish Council");
  });

  it("is the district council's name for a case the district has", () => {
    expect(agency(DISTRICT, BODIES)).toBe(COUNCIL);
  });
});

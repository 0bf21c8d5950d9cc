import { describe, expect, it } from "vitest";
import type { Council } from "#core/councils/council.js";
import type { ServiceDefinition } from "#core/routing/service-schema.js";
import { services } from "#core/services/index.js";
import type { JourneyState } from "#http/web/journey-state.js";
import { checkAnswersPage } from "#http/web/pages/check-answers.js";
import { notOfferedPage } from "#http/web/pages/not-offered.js";
import type { PageContext } from "#http/web/web-types.js";
import { HARROWFIELD, SALTMERE, testCouncils } from "../../helpers/councils.js";

// The pages' own decisions, without the stack: a journey whose council does not take its service
// is told so and nothing is submitted; the refusal page names the council and how to reach it.

const bench = services.get("street-furniture") as ServiceDefinition;
const contact = {
  email: "customer.services@saltmere.example.org",
  phone: "01632 960200",
  address: ["A", "B"],
};

function context(saltmere: Council, journey: Partial<JourneyState>, method = "GET", query = "") {
  let submitted = 0;
  const ctx = {
    deps: {
      councils: testCouncils(HARROWFIELD, saltmere),
      publicInfoOf: () => ({ contact }),
      submitReport: async () => {
        submitted += 1;
        return { outcome: "created", reference: "SFN-AAAA-AAA3", destination: {}, replayed: false };
      },
    },
    request: { method, path: "/", query: new URLSearchParams(query), form: {}, client: "test" },
    session: { csrfToken: "t", journeys: {} },
    service: bench,
    journey: { answers: {}, submissionToken: "token-1234", ...journey },
    change: false,
  } as unknown as PageContext;
  return { ctx, submitted: () => submitted };
}

const placed: Partial<JourneyState> = {
  answers: { danger: "no", item: "bench", owner: "district" },
  location: { lat: 54.5, lng: 2.6, postcode: "ZX30 1AE" },
  council: "saltmere",
  details: { description: "A broken bench" },
  contact: { shareWithParish: false },
};

describe("check answers", () => {
  it("sends a journey placed with a council that has since stopped taking the service to the refusal, submitting nothing", async () => {
    const { ctx, submitted } = context({ ...SALTMERE, services: ["speeding"] }, placed, "POST");
    expect(await checkAnswersPage(ctx)).toEqual({
      kind: "redirect",
      location: "/street-furniture/not-offered?council=saltmere",
    });
    expect(submitted()).toBe(0);
  });

  it("submits it where the council takes the service", async () => {
    const { ctx, submitted } = context(SALTMERE, placed, "POST");
    expect(await checkAnswersPage(ctx)).toMatchObject({
      kind: "redirect",
      location: "/street-furniture/confirmation",
    });
    expect(submitted()).toBe(1);
  });
});

describe("the refusal page", () => {
  it("names the council, the service and the council's contacts", () => {
    const { ctx } = context({ ...SALTMERE, services: ["speeding"] }, {}, "GET", "council=saltmere");
    expect(notOfferedPage(ctx)).toMatchObject({
      kind: "page",
      view: "not-offered.njk",
      context: {
        title: "Saltmere Council does not take this report through this service",
        refusing: { name: "Saltmere Council", areaName: "Saltmere" },
        serviceName: bench.name,
        contact,
      },
    });
  });

  it("sends a link naming a council that takes the service, or none, back to the journey", () => {
    for (const query of ["council=harrowfield", "council=nowhere", ""]) {
      const { ctx } = context({ ...SALTMERE, services: ["speeding"] }, {}, "GET", query);
      expect(notOfferedPage(ctx), query).toMatchObject({ kind: "redirect" });
    }
  });
});

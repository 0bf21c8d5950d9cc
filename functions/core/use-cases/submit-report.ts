import type { Case, Destination, RoutingDecision } from "../case/case.js";
import { newReference } from "../case/reference.js";
import { event } from "../case/timeline.js";
import { NotFoundError, OutsideDistrictError, ValidationError } from "../errors.js";
import type { LngLat } from "../geo.js";
import type { ReportInput } from "../input/report-input.js";
import type { CaseStore } from "../ports/case-store.js";
import type { Clock } from "../ports/clock.js";
import type { PostcodeLookup } from "../ports/postcode-lookup.js";
import type { Queue } from "../ports/queue.js";
import { checkAnswers, evaluateRules } from "../routing/evaluate-rules.js";
import type { ServiceDefinition, Signpost } from "../routing/service-schema.js";
import type { BoundaryIndex, Location } from "../spatial/boundary-index.js";

export interface SubmitReportDeps {
  services: ReadonlyMap<string, ServiceDefinition>;
  boundaries: BoundaryIndex;
  postcodes: PostcodeLookup;
  caseStore: CaseStore;
  queue: Queue;
  clock: Clock;
  /** How long resident personal data is kept after the report, in days. */
  retentionDays: number;
  newReference?: (prefix: string) => string;
}

export type SubmitReportResult =
  | { outcome: "signpost"; ruleId: string; signpost: Signpost }
  | { outcome: "created"; reference: string; destination: Destination };

/**
 * Intake: rules first (a signpost stores nothing), then the location, then the case is stored and
 * only then queued for sending. The reference is returned only once the case is durable.
 */
export function createSubmitReport(deps: SubmitReportDeps) {
  const makeReference = deps.newReference ?? ((prefix: string) => newReference(prefix));

  return async function submitReport(input: ReportInput): Promise<SubmitReportResult> {
    const service = deps.services.get(input.service);
    if (!service) {
      const known = [...deps.services.keys()].join(", ");
      throw new ValidationError([{ field: "service", message: `Unknown service; choose one of: ${known}` }]);
    }
    const answerIssues = checkAnswers(service, input.answers);
    if (answerIssues.length > 0) throw new ValidationError(answerIssues);

    const outcome = evaluateRules(service, input.answers);
    if (outcome.kind === "needs-answer") {
      const question = service.questions.find((q) => q.id === outcome.questionId);
      throw new ValidationError([
        { field: `answers.${outcome.questionId}`, message: `Answer the question "${question?.title}"` },
      ]);
    }
    if (outcome.kind === "signpost") {
      return { outcome: "signpost", ruleId: outcome.rule.id, signpost: outcome.signpost };
    }

    const point = await resolvePoint(input, deps.postcodes);
    const located = deps.boundaries.locate(point);
    if (located.kind === "outside") throw new OutsideDistrictError(located.district.name);

    const routing = decideRouting(outcome.to, outcome.rule.id, located);
    const now = deps.clock.now();
    const report: Case = {
      reference: makeReference(service.referencePrefix),
      service: service.id,
      status: "new",
      delivery: "queued",
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      answers: { ...input.answers },
      location: {
        ...point,
        ...("postcode" in input.location ? { postcode: input.location.postcode } : {}),
        ...(input.roadName ? { roadName: input.roadName } : {}),
      },
      description: input.description,
      ...(input.reporter ? { reporter: input.reporter } : {}),
      destination: routing.destination,
      routing: routing.decision,
      retainUntil: Math.floor(now.getTime() / 1000) + deps.retentionDays * 86_400,
    };

    await deps.caseStore.create(report, [
      event(now, "submitted", `Report received; routed to ${routing.destination.name}`, {
        rule: routing.decision.ruleId,
        area: routing.decision.area.code,
      }),
    ]);
    await deps.queue.send({ reference: report.reference });
    await deps.caseStore.appendEvents(report.reference, [
      event(deps.clock.now(), "queued", "Queued for sending"),
    ]);

    return { outcome: "created", reference: report.reference, destination: report.destination };
  };
}

async function resolvePoint(input: ReportInput, postcodes: PostcodeLookup): Promise<LngLat> {
  if ("lat" in input.location) return { lat: input.location.lat, lng: input.location.lng };
  const found = await postcodes.lookup(input.location.postcode);
  if (!found) {
    throw new ValidationError(
      [
        {
          field: "location.postcode",
          message: "We could not find this postcode. Check it, or give coordinates",
        },
      ],
      { cause: new NotFoundError(input.location.postcode) },
    );
  }
  return found;
}

/** A parish route needs a parish; where the point is unparished the district takes the report. */
function decideRouting(
  requested: "parish" | "district",
  ruleId: string,
  located: Exclude<Location, { kind: "outside" }>,
): { destination: Destination; decision: RoutingDecision } {
  const district: Destination = { kind: "district", ...located.district };
  const area: Destination = located.kind === "parish" ? { kind: "parish", ...located.parish } : district;
  if (requested === "parish" && located.kind === "parish") {
    const destination: Destination = { kind: "parish", ...located.parish };
    return {
      destination,
      decision: { ruleId, requested, area, reason: `The location is in ${located.parish.name} parish` },
    };
  }
  const reason =
    requested === "parish"
      ? "The location is not in a parish (unparished area), so the district council deals with it"
      : "The district council deals with this kind of request";
  return { destination: district, decision: { ruleId, requested, area, reason } };
}

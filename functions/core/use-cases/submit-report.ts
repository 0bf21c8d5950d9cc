import type { AreaChain, AreaLocator } from "../areas/area-chain.js";
import type { ResolveRoute } from "../bodies/route-resolution.js";
import type { Case, Destination, FromClient, RecordedSignpost } from "../case/case.js";
import { fnv1aHex128 } from "../case/fnv-hash.js";
import { keyedReference, newReference } from "../case/reference.js";
import { submissionHash } from "../case/submission-hash.js";
import { event, type TimelineEvent } from "../case/timeline.js";
import {
  DuplicateCaseError,
  IdempotencyConflictError,
  NotFoundError,
  OutsideDistrictError,
  ValidationError,
} from "../errors.js";
import type { LngLat } from "../geo.js";
import { placePostcode } from "../input/postcode.js";
import type { ReportInput } from "../input/report-input.js";
import type { CaseStore } from "../ports/case-store.js";
import type { Clock } from "../ports/clock.js";
import type { Ids } from "../ports/ids.js";
import type { PostcodeLookup } from "../ports/postcode-lookup.js";
import type { Queue } from "../ports/queue.js";
import { checkAnswers, evaluateRules } from "../routing/evaluate-rules.js";
import type { ServiceDefinition, Signpost } from "../routing/service-schema.js";

export type SubmitReportDeps = {
  services: ReadonlyMap<string, ServiceDefinition>;
  /** Point → its chain of areas (parish, district or unitary, county, police). */
  areas: AreaLocator;
  /** A rule's target and a chain → the council keeping the case and where the report goes. */
  resolveRoute: ResolveRoute;
  /**
   * What residents are told a location must be in when it is outside every served council's area:
   * the council's area name on a one-council deployment ("Exampleshire Vale"); "the areas we
   * cover" where absent.
   */
  servedAreaName?: string;
  postcodes: PostcodeLookup;
  caseStore: CaseStore;
  queue: Queue;
  clock: Clock;
  /** How long resident personal data is kept after the report, in days. */
  retentionDays: number;
  /** References are drawn from `ids`, or made by a fixed function where a test needs one. */
} & ({ ids: Ids } | { newReference: (prefix: string) => string });

export type SubmitReportResult =
  | { outcome: "signpost"; ruleId: string; signpost: Signpost }
  | {
      outcome: "created";
      reference: string;
      destination: Destination;
      replayed: boolean;
      /** The signpost the rules gave, when the case was kept anyway (`signposts: "record"`). */
      signpost?: Signpost;
    };

export interface SubmitOptions {
  /**
   * A client's token for this submission (form token or `Idempotency-Key` header): repeating it
   * with the same report returns the first case instead of making another; repeating it with a
   * different report is an `IdempotencyConflictError`. Keys are the client's own: another client
   * using the same key makes a submission of its own.
   */
  idempotencyKey?: string;
  /**
   * Who sent it, pseudonymously (`clientOf` at the edge: a keyed hash of the source IP, or the
   * Open311 API key's hash): limits and idempotency keys are per client.
   */
  client?: string;
  /**
   * What a signpost rule does. `show` (the form and the JSON API): nothing is stored and the
   * signpost is returned, for the channel to show before the resident sends anything. `record`
   * (Open311): the resident's app could not show it and they have already pressed send, so the
   * case is stored, goes to the district with the signpost on it, and the signpost is returned
   * for the app to pass on.
   */
  signposts?: "show" | "record";
  /** What an Open311 client sent beyond our fields, already bounded at the edge. */
  fromClient?: FromClient;
}

/** How long a key is remembered; a resident's retry comes within minutes, a client's within hours. */
const IDEMPOTENCY_SECONDS = 24 * 60 * 60;

/** Collisions among 21 billion references are rare; three in a row mean something else is wrong. */
const FRESH_REFERENCE_TRIES = 3;

/**
 * Intake: rules first (a signpost stores nothing, unless the channel records it), then the
 * location, then the case is stored and only then queued for sending. The reference is returned
 * only once the case is durable. The resident waits for one DynamoDB write (the case with its first events, which also claims a keyed
 * submission's key) and the SQS send; reads, and a separate claim, happen only on the rare paths.
 */
export function createSubmitReport(deps: SubmitReportDeps) {
  const makeReference =
    "newReference" in deps
      ? deps.newReference
      : (prefix: string) => newReference(prefix, (max) => deps.ids.int(max));

  return async function submitReport(
    input: ReportInput,
    options: SubmitOptions = {},
  ): Promise<SubmitReportResult> {
    const service = deps.services.get(input.service);
    if (!service) {
      const known = [...deps.services.keys()].join(", ");
      throw new ValidationError([{ field: "service", message: `Unknown service; choose one of: ${known}` }]);
    }
    const answerIssues = checkAnswers(service, input.answers);
    if (answerIssues.length > 0) throw new ValidationError(answerIssues);

    const outcome = evaluateRules(service, input.answers);
    const question =
      outcome.kind === "needs-answer"
        ? service.questions.find((q) => q.id === outcome.questionId)
        : undefined;
    // A channel that cannot ask again (Open311: the resident has pressed send in their app, perhaps
    // one with an old copy of the questions) sends an unanswered report to the district to decide.
    if (outcome.kind === "needs-answer" && options.signposts !== "record") {
      throw new ValidationError([
        { field: `answers.${outcome.questionId}`, message: `Answer the question "${question?.title}"` },
      ]);
    }
    const recorded = outcome.kind === "signpost" && options.signposts === "record";
    if (outcome.kind === "signpost" && !recorded) {
      return { outcome: "signpost", ruleId: outcome.rule.id, signpost: outcome.signpost };
    }
    // A signposted or unanswered report is kept for what it is; a routed one may need the resident's words.
    if (outcome.kind === "route" && service.details.description.required !== false && !input.description) {
      throw new ValidationError([
        { field: "description", message: service.details.description.errorMessage },
      ]);
    }

    const servedArea = deps.servedAreaName ?? SERVED_AREAS;
    const point = await resolvePoint(input, deps.postcodes, servedArea);
    const chain = deps.areas.locate(point);
    const routing =
      outcome.kind === "signpost"
        ? councilRouting(
            deps.resolveRoute,
            chain,
            outcome.rule.id,
            (council) =>
              `The rules send the resident elsewhere ("${outcome.signpost.title}"), but their app could not show them that before they sent the report, so ${council} has it`,
          )
        : outcome.kind === "needs-answer"
          ? councilRouting(
              deps.resolveRoute,
              chain,
              `unanswered-${outcome.questionId}`,
              (council) =>
                `The resident's app did not answer "${question?.title ?? outcome.questionId}", which decides where the report goes, so ${council} has it to decide`,
            )
          : deps.resolveRoute(outcome.to, chain, outcome.rule.id);
    if (routing.kind === "outside") throw new OutsideDistrictError(servedArea);
    const signpost: RecordedSignpost | undefined =
      outcome.kind === "signpost"
        ? { ruleId: outcome.rule.id, title: outcome.signpost.title, message: outcome.signpost.message }
        : undefined;
    const now = deps.clock.now();
    const clientKey = options.idempotencyKey;
    const key = clientKey && scopedKey(options.client, service.id, clientKey);
    const bodyHash = submissionHash(input);
    const report: Case = {
      council: routing.council.id,
      // A keyed submission's reference comes from its key, so storing the case claims the key too.
      reference: key ? keyedReference(service.referencePrefix, key) : makeReference(service.referencePrefix),
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
      ...(input.when ? { when: input.when } : {}),
      ...(input.reporter ? { reporter: withConsent(input.reporter, routing.destination) } : {}),
      destination: routing.destination,
      routing: routing.decision,
      ...(hasContent(options.fromClient) ? { fromClient: options.fromClient } : {}),
      ...(signpost ? { signpost } : {}),
      retainUntil: epochSeconds(now) + deps.retentionDays * 86_400,
    };
    // "Queued" is the case's delivery state from its first write: if the send after it fails, the
    // re-queue safety net finds the case still queued and sends it.
    const events = [
      event(now, "submitted", `Report received; routed to ${routing.destination.name}`, {
        rule: routing.decision.ruleId,
        area: routing.decision.area.code,
      }),
      ...(signpost
        ? [
            event(
              now,
              "signposted",
              `The rules signpost this report ("${signpost.title}"), but the resident's app could not show that before they sent it: kept and sent to ${routing.council.name}`,
              { rule: signpost.ruleId },
            ),
          ]
        : []),
      event(now, "queued", "Queued for sending"),
    ];

    try {
      await deps.caseStore.create(report, events, key ? { idempotencyKey: key, bodyHash } : {});
    } catch (error) {
      if (!(error instanceof DuplicateCaseError)) throw error;
      // Without a key, a taken reference is a random collision: another resident's case, never ours.
      if (!key || !clientKey) return storeUnderFreshReference(report, events, service.referencePrefix);
      // The reference is taken by another submission, or by this key's case of a day or more ago:
      // claim the key on its own record and store the case under a fresh reference.
      const submission = { key, clientKey, bodyHash };
      if (!sameSubmission(error, key, now))
        return storeUnderClaim(report, events, submission, service.referencePrefix);
      // The key's case was made from another report: the client reused a key, never replay it.
      if (error.existing?.bodyHash !== bodyHash) throw new IdempotencyConflictError(clientKey);
      // A concurrent duplicate stored it first; answer as that one did.
      const earlier = await replay(report.reference);
      if (earlier) return earlier;
      throw error;
    }
    const result = await queued(report);
    return outcome.kind === "signpost" ? { ...result, signpost: outcome.signpost } : result;
  };

  /** The answer for a stored case, once its job is sent. */
  async function queued(report: Case): Promise<SubmitReportResult> {
    await deps.queue.send({ reference: report.reference });
    return {
      outcome: "created",
      reference: report.reference,
      destination: report.destination,
      replayed: false,
    };
  }

  /** A keyless report whose random reference was taken: store it again under fresh ones. */
  async function storeUnderFreshReference(
    report: Case,
    events: TimelineEvent[],
    prefix: string,
  ): Promise<SubmitReportResult> {
    for (let attempt = 1; ; attempt++) {
      const fresh = { ...report, reference: makeReference(prefix) };
      try {
        await deps.caseStore.create(fresh, events);
        return queued(fresh);
      } catch (error) {
        if (!(error instanceof DuplicateCaseError) || attempt >= FRESH_REFERENCE_TRIES) throw error;
      }
    }
  }

  /**
   * A keyed submission whose own reference is taken: the key is bound to a fresh reference by a
   * record of its own (a conditional write), so only the first submission holds it.
   */
  async function storeUnderClaim(
    report: Case,
    events: TimelineEvent[],
    { key, clientKey, bodyHash }: { key: string; clientKey: string; bodyHash: string },
    prefix: string,
  ): Promise<SubmitReportResult> {
    let reference = makeReference(prefix);
    const expiresAt = epochSeconds(new Date(report.createdAt)) + IDEMPOTENCY_SECONDS;
    const held = await deps.caseStore.claimSubmissionKey(key, { reference, bodyHash }, expiresAt);
    if (held.reference !== reference) {
      if (held.bodyHash !== bodyHash) throw new IdempotencyConflictError(clientKey);
      const earlier = await replay(held.reference);
      if (earlier) return earlier;
      // The first attempt claimed the key but stopped before storing: finish it under its reference.
      reference = held.reference;
    }
    const claimed = { ...report, reference };
    try {
      await deps.caseStore.create(claimed, events);
    } catch (error) {
      const earlier = error instanceof DuplicateCaseError ? await replay(reference) : undefined;
      if (earlier) return earlier;
      throw error;
    }
    return queued(claimed);
  }

  /** The answer for a submission already made; re-queues it if it may never have been queued. */
  async function replay(reference: string): Promise<SubmitReportResult | undefined> {
    const earlier = await deps.caseStore.get(reference);
    if (!earlier) return undefined;
    // Sending is idempotent per case, so an extra job is harmless; a missing one would lose the report.
    if (earlier.delivery === "queued") await deps.queue.send({ reference });
    // A resent signposted report is answered with its signpost again.
    return {
      outcome: "created",
      reference,
      destination: earlier.destination,
      replayed: true,
      ...(earlier.signpost
        ? { signpost: shownSignpost(deps.services.get(earlier.service), earlier.signpost) }
        : {}),
    };
  }
}

/**
 * A key as the store holds it: the client's own, within one service. Scoping by client means one
 * client can neither replay nor predict another's submissions (the keyed reference comes from it).
 * Only a hash of it is kept (on the case, for its retention): the client id is a hash of an
 * address, which a stored copy beside the case would let anyone with the table reverse.
 */
export function scopedKey(client: string | undefined, serviceId: string, key: string): string {
  return `K${fnv1aHex128(`${client ?? "no-client"}#${serviceId}#${key}`)}`;
}

/**
 * The bodies the resident agreed to share their details with, fixed now: the parish the report is
 * routed to, if they agreed to share with it. A later re-route or fallback is not covered by it.
 * Whether they asked for progress emails is kept too (`wantsUpdates`).
 */
function withConsent(reporter: NonNullable<ReportInput["reporter"]>, destination: Destination) {
  const sharedWith = reporter.shareWithParish && destination.kind === "parish" ? [destination.code] : [];
  // Progress emails only with an address to send them to; kept only when asked for.
  const { wantsUpdates, ...rest } = reporter;
  return { ...rest, sharedWith, ...(wantsUpdates && reporter.email ? { wantsUpdates: true } : {}) };
}

/** The stored case was made under this key within the time a key is remembered. */
function sameSubmission(error: DuplicateCaseError, key: string, now: Date): boolean {
  const existing = error.existing;
  if (existing?.idempotencyKey !== key) return false;
  return now.getTime() - Date.parse(existing.createdAt) < IDEMPOTENCY_SECONDS * 1000;
}

function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

async function resolvePoint(
  input: ReportInput,
  postcodes: PostcodeLookup,
  servedArea: string,
): Promise<LngLat> {
  if ("lat" in input.location) return { lat: input.location.lat, lng: input.location.lng };
  const { postcode } = input.location;
  const place = await placePostcode(postcodes, postcode);
  if (place.kind === "found") return place.point;
  if (place.kind === "outside") throw new OutsideDistrictError(servedArea, { postcode });
  throw new ValidationError(
    [
      {
        field: "location.postcode",
        message: "We could not find this postcode. Check it, or give coordinates",
      },
    ],
    { cause: new NotFoundError(postcode) },
  );
}

/** A recorded signpost as first shown: its rule's, link and all, while the rule stands. */
function shownSignpost(service: ServiceDefinition | undefined, recorded: RecordedSignpost): Signpost {
  const rule = service?.rules.find((r) => r.id === recorded.ruleId);
  if (rule && "signpost" in rule) return rule.signpost;
  return { title: recorded.title, message: recorded.message };
}

/** Anything the client sent beyond our fields, if it sent anything at all. */
function hasContent(fromClient: FromClient | undefined): fromClient is FromClient {
  return Boolean(
    fromClient?.attributes?.length || fromClient?.mediaUrls?.length || fromClient?.notUsed?.length,
  );
}

/** Residents' words for where a location must be, when a deployment serves several councils. */
const SERVED_AREAS = "the areas we cover";

/**
 * A report the channel could not stop or ask about again goes to the council running the area (it
 * may need to act, and only it can pass the report on), with the reason saying why it did not go
 * where the rules say.
 */
function councilRouting(
  resolveRoute: ResolveRoute,
  chain: AreaChain,
  ruleId: string,
  reason: (councilName: string) => string,
): ReturnType<ResolveRoute> {
  const resolved = resolveRoute("district", chain, ruleId);
  if (resolved.kind === "outside") return resolved;
  return { ...resolved, decision: { ...resolved.decision, reason: reason(resolved.council.name) } };
}

import type { RouteTarget } from "../bodies/roles.js";
import type { LngLat } from "../geo.js";

/**
 * Where a case was sent. `parish` carries the ONS parish code; `district` the code of the council's
 * own area (a district or unitary: the council whose case log holds the case); `body` the id of
 * another body from the bodies data (county highways, a road safety partnership, National Highways).
 */
export interface Destination {
  kind: "parish" | "district" | "body";
  code: string;
  name: string;
}

/** The route target that names a destination as it is now (a staff re-route records it so). */
export function destinationTarget(destination: Pick<Destination, "kind" | "code">): RouteTarget {
  return destination.kind === "body" ? `body:${destination.code}` : destination.kind;
}

/** Why the case went where it did: the rule that matched and the boundary the point fell in. */
export interface RoutingDecision {
  ruleId: string;
  /** What the rule asked for, before any fallback: a role, or a body (`body:<id>`). */
  requested: RouteTarget;
  /**
   * Set where the role asked for had no body for the area and the report went along the declared
   * fallback chain instead (`parish` → `district` in an unparished area; `highway-authority` →
   * `district` in a unitary one): the role asked for, the one that took it, and why, in words.
   */
  fallback?: { from: RouteTarget; to: RouteTarget; why: string };
  /** The area the point was found in: a parish, or the district where unparished. */
  area: Destination;
  /** Plain-English reason, shown to staff. */
  reason: string;
}

/** Staff workflow status. */
export type CaseStatus = "new" | "in-progress" | "closed";
/**
 * Where the report's email stands, independent of the staff status. `sending` is a claim taken just
 * before the send; `unconfirmed` means an attempt stopped after claiming, so the email may or may
 * not have gone and is not sent again automatically; `failed` means it dead-lettered. Staff can
 * re-drive `failed` and `unconfirmed` cases. `held` means the recipient body's daily cap of
 * individual emails was reached: the case goes in that body's next daily digest email instead.
 */
export type DeliveryState = "queued" | "sending" | "sent" | "unconfirmed" | "failed" | "held";

export interface Reporter {
  name?: string;
  email?: string;
  phone?: string;
  /**
   * The resident agreed their contact details may be shared with the parish council. Cases stored
   * before `sharedWith` existed are read through `mayShareWith` (core/case/consent.ts).
   */
  shareWithParish: boolean;
  /**
   * The codes of the bodies the resident agreed to share their details with, fixed at submission.
   * Anyone else who gets the case (a re-route, a bounce fallback) gets it without them.
   */
  sharedWith?: string[];
  /**
   * The resident asked to be emailed when there is progress: public updates that staff choose to
   * send, and clerks' answers from their email. Never their name, staff names or internal notes.
   */
  wantsUpdates?: boolean;
}

export interface CaseLocation extends LngLat {
  postcode?: string;
  roadName?: string;
}

/**
 * What an Open311 client sent beyond our fields, kept rather than refused: attributes that are not
 * questions of the service (FixMyStreet's `fixmystreet_id`, `easting`, `closest_address`, `uprn`,
 * …), photo links, and the fields we could not use and why. Bounded at the edge; shown to staff
 * and in the report email under "Also sent by the client", always escaped.
 */
export interface FromClient {
  /** In the order sent: code as sent, value as sent (trimmed, shortened if too long). */
  attributes?: Array<{ code: string; value: string }>;
  /** https links to photos, never fetched by us. */
  mediaUrls?: string[];
  /** Fields kept off the case, e.g. `{ field: "first_name", reason: "not a person's name" }`. */
  notUsed?: Array<{ field: string; reason: string }>;
}

/**
 * A rule sent the resident elsewhere (e.g. "Call 999 now"), but the channel could not show them
 * that before they sent the report (an Open311 client): the case is stored and goes to the district
 * with the signpost recorded, so nothing a resident sent is lost.
 */
export interface RecordedSignpost {
  ruleId: string;
  title: string;
  message: string;
}

export interface Case {
  reference: string;
  /**
   * The id of the council whose case log holds it (core/councils): the council whose district or
   * unitary area the point is in. Absent on cases stored before councils existed: the first.
   */
  council?: string;
  service: string;
  status: CaseStatus;
  delivery: DeliveryState;
  createdAt: string;
  updatedAt: string;
  answers: Record<string, string>;
  location: CaseLocation;
  description: string;
  /** When it happens, in the resident's words. */
  when?: string;
  reporter?: Reporter;
  destination: Destination;
  routing: RoutingDecision;
  /** The address the report was last emailed to. */
  recipient?: string;
  /** When the current send claim was taken (delivery `sending`). */
  sendingSince?: string;
  /**
   * When the resident's acknowledgement was sent. A case is acknowledged once: a re-route or
   * re-drive sends the report again but never a second acknowledgement.
   */
  acknowledgedAt?: string;
  /** What an Open311 client sent beyond our fields (see `FromClient`). */
  fromClient?: FromClient;
  /** The signpost the rules gave, when the report was kept and sent to the district anyway. */
  signpost?: RecordedSignpost;
  /** References of other cases this may repeat (same service, body, place and day); staff may unlink. */
  possibleDuplicates?: string[];
  /**
   * When staff first changed its status: the case log's "time to first action". Set once, by the
   * store's status change, so reports read it from the case rather than every timeline.
   */
  firstActionAt?: string;
  /** When it was last closed (kept if reopened; a report counts it only while the case is closed). */
  closedAt?: string;
  /**
   * When progress emails to the resident stopped (they asked, or their address bounced or
   * complained): none is sent after it (`wantsUpdates` in core/case/progress-emails.ts).
   */
  progressEmailsStoppedAt?: string;
  /** Epoch seconds after which personal data may be deleted (DynamoDB TTL). */
  retainUntil: number;
}

/** Changes other than the staff status (which moves only with `CaseStore.changeStatus`). */
export type CaseUpdate = Partial<
  Pick<
    Case,
    | "delivery"
    | "destination"
    | "routing"
    | "recipient"
    | "sendingSince"
    | "possibleDuplicates"
    | "acknowledgedAt"
    | "progressEmailsStoppedAt"
  >
>;

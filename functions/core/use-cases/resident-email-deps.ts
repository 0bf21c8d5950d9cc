import { type Bodies, bodyFor } from "../case/bodies.js";
import type { Case } from "../case/case.js";
import type { Council } from "../councils/council.js";
import type { Councils } from "../councils/councils.js";
import type { Clock } from "../ports/clock.js";
import type { Ids } from "../ports/ids.js";
import type { Mailer } from "../ports/mailer.js";
import type { ServiceDefinition } from "../routing/service-schema.js";

/** What every email to a resident after their acknowledgement needs: progress and status emails. */
export interface ResidentEmailDeps {
  mailer: Mailer;
  clock: Clock;
  ids: Ids;
  services: ReadonlyMap<string, ServiceDefinition>;
  /** The councils: a case's own sends its emails, from its address, and reads the replies. */
  councils: Councils;
  /** The bodies that answer for areas, to name who has the report (else "<parish> Parish Council"). */
  bodies?: Bodies;
}

/** Who has the report now, as the resident is told: a body by its own name, a parish by its council's. */
export function holderName(
  report: Pick<Case, "destination">,
  council: Pick<Council, "name">,
  bodies: Bodies | undefined,
): string {
  if (report.destination.kind === "body") return report.destination.name;
  return bodyFor(report.destination, bodies ?? new Map(), council.name).name;
}

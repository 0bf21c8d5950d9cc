import type { Bodies } from "../case/bodies.js";
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
  /** The council that sends them and reads the replies to them. */
  district: { councilName: string; email: string };
  /** The bodies that answer for areas, to name who has the report (else "<parish> Parish Council"). */
  bodies?: Bodies;
}

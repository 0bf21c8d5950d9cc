import { createHash } from "node:crypto";
import { londonDate } from "#core/case/london-time.js";
import type { SendBudget } from "#core/ports/send-budget.js";
import type { DynamoHeldReports } from "./dynamo-held-reports.js";
import type { WindowCounters } from "./window-counters.js";

export interface SendBudgetLimits {
  /** Individual report emails one body gets a London day; the rest go in its digest. */
  bodyEmailsPerDay: number;
  /** Acknowledgements one address gets a London day. */
  acknowledgementsPerAddressPerDay: number;
}

const DAY_SECONDS = 86_400;

/**
 * The window counters count whole days aligned to UTC midnight. A cap per London day is what a
 * clerk means by "a day", and what the digest (sent at a London hour, holding the London days
 * before it) agrees with; a UTC day would, in summer, put 00:00–01:00 London in the day before.
 * So every count of one London day is made at that date's UTC midnight: one window, one item,
 * keyed by the London date, expiring a day after that date ends wherever the clocks are.
 */
function londonDayWindow(at: Date): Date {
  return new Date(`${londonDate(at.toISOString())}T00:00:00.000Z`);
}

/**
 * Counter keys never hold a resident's address: only a hash of it (trimmed, lower-cased, so one
 * mailbox is one count). The counter lives two days; the address itself is in the case anyway.
 */
function addressHash(address: string): string {
  return createHash("sha256").update(address.trim().toLowerCase(), "utf8").digest("hex").slice(0, 32);
}

/**
 * The daily caps in DynamoDB, one atomic count each (see window-counters.ts), so every Lambda
 * container shares them. A report over its body's cap is held for the body's next digest here, in
 * the same call, before the caller marks the case `held`: the hold is written first, so a case
 * marked held is always in a digest.
 */
export function createDynamoSendBudget(
  deps: { counters: WindowCounters; heldReports: Pick<DynamoHeldReports, "hold"> },
  limits: SendBudgetLimits,
): SendBudget {
  return {
    async takeReportEmail(bodyCode, reference, at) {
      const { count } = await deps.counters.add(`body-emails#${bodyCode}`, DAY_SECONDS, londonDayWindow(at));
      if (count <= limits.bodyEmailsPerDay) return true;
      await deps.heldReports.hold({ bodyCode, reference, day: londonDate(at.toISOString()) });
      return false;
    },

    async takeAcknowledgement(address, at) {
      if (limits.acknowledgementsPerAddressPerDay === 0) return false;
      const { count } = await deps.counters.add(
        `acknowledgements#${addressHash(address)}`,
        DAY_SECONDS,
        londonDayWindow(at),
      );
      return count <= limits.acknowledgementsPerAddressPerDay;
    },
  };
}

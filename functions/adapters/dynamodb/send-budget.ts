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
  /** Progress emails one address gets a London day (counted apart from acknowledgements). */
  progressEmailsPerAddressPerDay: number;
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
  return createHash("sha256").update(mailboxOf(address), "utf8").digest("hex").slice(0, 32);
}

/** Mail providers that ignore dots in the local part: `j.o.e@` and `joe@` are one mailbox there. */
const DOTLESS_DOMAINS = new Set(["gmail.com", "googlemail.com"]);

/**
 * The mailbox an address delivers to, as near as can be told from outside: one cap per mailbox, so
 * `victim+1@`, `victim+2@`… (sub-addressing, which most providers deliver to `victim@`) and
 * `v.i.c.t.i.m@gmail.com` do not each get a day's allowance.
 */
export function mailboxOf(address: string): string {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf("@");
  if (at < 0) return lower;
  const domain = lower.slice(at + 1) === "googlemail.com" ? "gmail.com" : lower.slice(at + 1);
  let local = lower.slice(0, at).split("+")[0] ?? "";
  if (DOTLESS_DOMAINS.has(domain)) local = local.replaceAll(".", "");
  return `${local}@${domain}`;
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

    async takeProgressEmail(address, at) {
      if (limits.progressEmailsPerAddressPerDay === 0) return false;
      const { count } = await deps.counters.add(
        `progress-emails#${addressHash(address)}`,
        DAY_SECONDS,
        londonDayWindow(at),
      );
      return count <= limits.progressEmailsPerAddressPerDay;
    },
  };
}

/**
 * The council's calendar: days run midnight to midnight in London (GMT or BST), whatever the
 * server's zone. Pure Intl, so the same on Node 20 here and Node 24 on Lambda.
 */
const dateParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});
const offsetName = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  timeZoneName: "shortOffset",
});

export interface Day {
  year: number;
  month: number;
  day: number;
}

/** The London calendar date (`YYYY-MM-DD`) of an instant. */
export function londonDate(iso: string): string {
  const parts = dateParts.formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** Midnight in London at the start of that day, as an ISO instant (clocks never change at midnight). */
export function londonDayStart(d: Day): string {
  const utcMidnight = Date.UTC(d.year, d.month - 1, d.day);
  const name = offsetName.formatToParts(new Date(utcMidnight)).find((p) => p.type === "timeZoneName")?.value;
  const hours = Number(/GMT([+-]\d+)/.exec(name ?? "")?.[1] ?? 0);
  return new Date(utcMidnight - hours * 3_600_000).toISOString();
}

/** The last millisecond of that day in London, as an ISO instant. */
export function londonDayEnd(d: Day): string {
  const next = new Date(Date.UTC(d.year, d.month - 1, d.day + 1));
  const start = londonDayStart({
    year: next.getUTCFullYear(),
    month: next.getUTCMonth() + 1,
    day: next.getUTCDate(),
  });
  return new Date(Date.parse(start) - 1).toISOString();
}

// Built once: GOV.UK style dates and 12-hour times, in London ("2 December 2026", "4:58pm").
const longDate = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  day: "numeric",
  month: "long",
  year: "numeric",
});
const clockTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hour: "numeric",
  minute: "2-digit",
  hour12: true,
});

/** A London date as the public read it: "2 December 2026". */
export function londonDateWords(iso: string): string {
  return longDate.format(new Date(iso));
}

/**
 * A London date and time as the public read it: "2 December 2026, 4:58pm" (the GOV.UK style guide:
 * no leading zero, "am"/"pm" without a space, "midday" and "midnight" rather than "12pm"/"12am").
 */
export function londonDateTimeWords(iso: string): string {
  const parts = clockTime.formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const hour = get("hour") === "0" ? "12" : get("hour");
  const period = get("dayPeriod").toLowerCase().replace(/[\s.]/g, "");
  const time =
    hour === "12" && get("minute") === "00"
      ? period === "pm"
        ? "midday"
        : "midnight"
      : `${hour}:${get("minute")}${period}`;
  return `${londonDateWords(iso)}, ${time}`;
}

const londonParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  weekday: "short",
  hour: "2-digit",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** Weekdays as EventBridge's cron and `Intl`'s short English names spell them. */
export type Weekday = "Mon" | "Tue" | "Wed" | "Thu" | "Fri" | "Sat" | "Sun";

/**
 * Calls `run` once a week, at the first check (one a minute) within the hour `hour` o'clock London
 * time on `weekday`: like dailyAt, a check each minute rather than a timer to a computed instant,
 * so it follows the clock changes as EventBridge Scheduler's time zone does. Returns a stop
 * function; the timer never keeps the process alive.
 */
export function weeklyAt(
  weekday: Weekday,
  hour: number,
  run: () => void,
  now: () => Date = () => new Date(),
): () => void {
  let lastDay = "";
  const check = () => {
    const parts = Object.fromEntries(londonParts.formatToParts(now()).map((p) => [p.type, p.value]));
    const day = `${parts.year}-${parts.month}-${parts.day}`;
    if (parts.weekday !== weekday || Number(parts.hour) !== hour || day === lastDay) return;
    lastDay = day;
    run();
  };
  const timer = setInterval(check, 60_000);
  timer.unref();
  return () => clearInterval(timer);
}

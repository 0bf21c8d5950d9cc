const londonHour = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hour: "2-digit",
  hourCycle: "h23",
});
const londonDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" });

/**
 * Calls `run` once a London day, at the first check (one a minute) within the hour `hour` o'clock
 * London time: a check each minute, not a timer to a computed instant, so it follows the clock changes
 * as EventBridge Scheduler's time zone does (on the night an hour is skipped, its run is too).
 * Returns a stop function; the timer never keeps the process alive.
 */
export function dailyAt(hour: number, run: () => void, now: () => Date = () => new Date()): () => void {
  let lastDay = "";
  const check = () => {
    const at = now();
    const day = londonDay.format(at);
    if (Number(londonHour.format(at)) !== hour || day === lastDay) return;
    lastDay = day;
    run();
  };
  const timer = setInterval(check, 60_000);
  timer.unref();
  return () => clearInterval(timer);
}

/** Wall-clock reading of an instant in a time zone: what a merchant's calendar says. */
function wallClock(now: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part("year"), month: part("month"), day: part("day"), hour: part("hour"), minute: part("minute"), second: part("second") };
}

/** The store's calendar day of an instant, `YYYY-MM-DD`. */
export function localDay(now: number, timeZone: string): string {
  const { year, month, day } = wallClock(now, timeZone);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** `2026-11-26 14:02` on the store's clock: how a merchant reads a time on the timeline. */
export function localDateTime(instant: number, timeZone: string): string {
  const { hour, minute } = wallClock(instant, timeZone);
  return `${localDay(instant, timeZone)} ${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(instant: number, timeZone: string) {
  const w = wallClock(instant, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
}

/** The instant the store's next calendar day begins (its local midnight), DST changes included. */
export function nextLocalMidnight(now: number, timeZone: string): number {
  const { year, month, day } = wallClock(now, timeZone);
  const midnightAsUtc = Date.UTC(year, month - 1, day + 1);
  // The offset at the guess, then at the corrected instant: twice settles it across a DST change.
  let instant = midnightAsUtc - offsetAt(midnightAsUtc, timeZone);
  instant = midnightAsUtc - offsetAt(instant, timeZone);
  return instant;
}

/**
 * A new sending domain has no reputation; mailbox providers distrust volume from it. Its daily
 * cap climbs one rung per healthy day; past the last rung the domain sends without a cap.
 */
export const WARM_UP_DAILY_CAPS = [200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000] as const;

/** Where a domain stands: its rung, and the store's calendar day (`YYYY-MM-DD`) it was last moved on. */
export type WarmUp = { level: number; day: string };

export const startWarmUp = (today: string): WarmUp => ({ level: 0, day: today });

/** The day's cap, or null once the domain has climbed past the schedule. */
export const warmUpCap = (warmUp: WarmUp): number | null => WARM_UP_DAILY_CAPS[warmUp.level] ?? null;

/**
 * On the first send of a new day the domain climbs a rung, but only while its rates are healthy:
 * a slowed or paused domain stays where it is. Days without sending do not count twice.
 */
export function advanceWarmUp(warmUp: WarmUp, today: string, healthy: boolean): WarmUp {
  if (today <= warmUp.day) return warmUp;
  return { level: healthy ? Math.min(warmUp.level + 1, WARM_UP_DAILY_CAPS.length) : warmUp.level, day: today };
}

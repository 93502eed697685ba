/** A fixed window of requests: when it opened and how many it has let through. */
export type RateWindow = { opened: number; count: number };

export type RateDecision = { allowed: true; window: RateWindow } | { allowed: false; window: RateWindow; retryAfterSeconds: number };

/**
 * One more request against `limit` per `windowMs`. A fixed window (not a sliding log) keeps the
 * state two numbers; at a window's edge a caller may get up to twice the limit in one window's
 * time, which is fine for a limit meant to stop floods, not to meter. A refused request is not
 * counted, so a client that waits as told is let through.
 */
export function takeFromWindow(window: RateWindow | null, now: number, limit: number, windowMs: number): RateDecision {
  const current = window && now < window.opened + windowMs && now >= window.opened ? window : { opened: now, count: 0 };
  if (current.count >= limit) {
    return { allowed: false, window: current, retryAfterSeconds: Math.max(1, Math.ceil((current.opened + windowMs - now) / 1000)) };
  }
  return { allowed: true, window: { opened: current.opened, count: current.count + 1 } };
}

/** A fixed window of `windowMs` (aligned to the epoch): when the current one opened, and seconds until the next. */
export function fixedWindow(now: number, windowMs: number): { start: string; retryAfterSeconds: number } {
  const start = now - (now % windowMs);
  return { start: new Date(start).toISOString(), retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - now) / 1000)) };
}

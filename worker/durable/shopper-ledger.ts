import { DurableObject } from "cloudflare:workers";

const HOUR = 3_600_000;
/** The longest frequency-cap window a store may set (settings: 30 days); older sends never matter. */
const LONGEST_WINDOW_MS = 24 * 30 * HOUR;

type Send = { key: string; at: number };

export type Reservation = { granted: true } | { granted: false; until: number };

/**
 * A store's shoppers' recovery emails (one object per store, see ./client): the owner of the
 * frequency cap. Two carts of one shopper can fall due in the same instant and be claimed by two
 * deliveries at once; D1 cannot order them, this object can, since its calls run one at a time.
 * A send is reserved here right before it is made; the reservation is the send. One object per
 * store rather than per shopper: a burst of a thousand shoppers' emails would otherwise wake a
 * thousand objects, and each reservation is a small read and write.
 */
export class ShopperLedger extends DurableObject<Env> {
  /**
   * Grants the shopper's `key` (a sequence's step) a send now if fewer than `max` other sends fall in the last
   * `perHours`; else says when the oldest of them leaves the window. Asking again for a granted
   * key grants it again: a redelivered email is not capped by itself.
   */
  async reserve(email: string, key: string, max: number, perHours: number, now = Date.now()): Promise<Reservation> {
    const shopper = `sends:${email.toLowerCase()}`;
    return this.ctx.blockConcurrencyWhile(async () => {
      const kept = ((await this.ctx.storage.get<Send[]>(shopper)) ?? []).filter((send) => send.at > now - LONGEST_WINDOW_MS);
      if (kept.some((send) => send.key === key)) return { granted: true } as const;
      const windowStart = now - perHours * HOUR;
      const inWindow = kept.filter((send) => send.at > windowStart).map((send) => send.at).sort((a, b) => a - b);
      if (inWindow.length >= max) return { granted: false, until: (inWindow[inWindow.length - max] as number) + perHours * HOUR } as const;
      await this.ctx.storage.put(shopper, [...kept, { key, at: now }]);
      return { granted: true } as const;
    });
  }
}

import { DurableObject } from "cloudflare:workers";

const HOUR = 3_600_000;
/** The longest frequency-cap window a store may set (settings: 30 days); older sends never matter. */
const LONGEST_WINDOW_MS = 24 * 30 * HOUR;

type Send = { key: string; at: number };

export type Reservation = { granted: true } | { granted: false; until: number };

/**
 * One shopper's recovery emails in one store (addressed by `storeId:email`, see ./client): the
 * owner of the frequency cap. Two carts of one shopper can fall due in the same instant and be
 * claimed by two deliveries at once; D1 cannot order them, this object can, since its calls run
 * one at a time. A send is reserved here right before it is made; the reservation is the send.
 */
export class ShopperLedger extends DurableObject<Env> {
  /**
   * Grants `key` (a sequence's step) a send now if fewer than `max` other sends fall in the last
   * `perHours`; else says when the oldest of them leaves the window. Asking again for a granted
   * key grants it again: a redelivered email is not capped by itself.
   */
  async reserve(key: string, max: number, perHours: number, now = Date.now()): Promise<Reservation> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const kept = ((await this.ctx.storage.get<Send[]>("sends")) ?? []).filter((send) => send.at > now - LONGEST_WINDOW_MS);
      if (kept.some((send) => send.key === key)) return { granted: true } as const;
      const windowStart = now - perHours * HOUR;
      const inWindow = kept.filter((send) => send.at > windowStart).map((send) => send.at).sort((a, b) => a - b);
      if (inWindow.length >= max) return { granted: false, until: (inWindow[inWindow.length - max] as number) + perHours * HOUR } as const;
      await this.ctx.storage.put("sends", [...kept, { key, at: now }]);
      return { granted: true } as const;
    });
  }
}

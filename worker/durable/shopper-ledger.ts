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
    const [reservation] = await this.reserveMany([{ email, key, max, perHours }], now);
    return reservation as Reservation;
  }

  /**
   * `reserve` for a whole delivery's sends, in order, in one call and one storage write: a burst
   * of a hundred emails costs the ledger one round trip instead of a hundred made one by one.
   */
  async reserveMany(requests: SendRequest[], now = Date.now()): Promise<Reservation[]> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const shoppers = [...new Set(requests.map((request) => shopperKey(request.email)))];
      const stored = await this.ctx.storage.get<Send[]>(shoppers);
      const sends = new Map(shoppers.map((shopper) => [shopper, (stored.get(shopper) ?? []).filter((send) => send.at > now - LONGEST_WINDOW_MS)]));
      const changed = new Map<string, Send[]>();
      const reservations = requests.map(({ email, key, max, perHours }): Reservation => {
        const shopper = shopperKey(email);
        const kept = sends.get(shopper)!;
        if (kept.some((send) => send.key === key)) return { granted: true };
        const windowStart = now - perHours * HOUR;
        const inWindow = kept.filter((send) => send.at > windowStart).map((send) => send.at).sort((a, b) => a - b);
        if (inWindow.length >= max) return { granted: false, until: (inWindow[inWindow.length - max] as number) + perHours * HOUR };
        kept.push({ key, at: now });
        changed.set(shopper, kept);
        return { granted: true };
      });
      if (changed.size > 0) await this.ctx.storage.put(Object.fromEntries(changed));
      return reservations;
    });
  }

  /**
   * Takes back reservations whose email was then not sent (its cart's object refused the claim):
   * made ahead for a whole delivery, they must not count against the shopper's cap.
   */
  async release(sends: { email: string; key: string }[]) {
    await this.ctx.blockConcurrencyWhile(async () => {
      const shoppers = [...new Set(sends.map((send) => shopperKey(send.email)))];
      const stored = await this.ctx.storage.get<Send[]>(shoppers);
      const keys = new Set(sends.map((send) => send.key));
      const changed = Object.fromEntries([...stored].map(([shopper, kept]) => [shopper, kept.filter((send) => !keys.has(send.key))]));
      if (Object.keys(changed).length > 0) await this.ctx.storage.put(changed);
    });
  }
}

export type SendRequest = { email: string; key: string; max: number; perHours: number };

/** A reservation the send consumer made ahead for a claim (`key`: the sequence's step), with its answer. */
export type AdvanceReservation = { email: string; key: string; result: Reservation };

const shopperKey = (email: string) => `sends:${email.toLowerCase()}`;

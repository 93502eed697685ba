import type { Database } from "../db/client";
import { findSequenceRow, type SequenceRow } from "../db/sequences";

/** The one place that knows how a cart's Durable Object is named (SPEC §1: `storeId:cartToken`). */
export function cartSequenceStub(env: Pick<Env, "CART_SEQUENCE">, storeId: string, cartToken: string) {
  return env.CART_SEQUENCE.get(env.CART_SEQUENCE.idFromName(`${storeId}:${cartToken}`));
}

export type CartSequenceStub = ReturnType<typeof cartSequenceStub>;

/** The store's ledger of its shoppers' recovery emails: every cart of a shopper finds the same one. */
export function shopperLedgerStub(env: Pick<Env, "SHOPPER_LEDGER">, storeId: string) {
  return env.SHOPPER_LEDGER.get(env.SHOPPER_LEDGER.idFromName(storeId));
}

/** One widget rate-limit bucket, e.g. `storeId:visitor:v_…` or `storeId:ip:203.0.113.7` (see ./widget-rate-limiter). */
export function widgetRateLimiterStub(env: Pick<Env, "WIDGET_RATE_LIMITER">, bucket: string) {
  return env.WIDGET_RATE_LIMITER.get(env.WIDGET_RATE_LIMITER.idFromName(bucket));
}

/**
 * Callers mostly hold a sequence id; its object is named by the cart, so the sequence's row is
 * looked up first, within the store only: another store's id finds nothing.
 */
export async function sequenceStub(
  env: Pick<Env, "CART_SEQUENCE">,
  db: Database,
  storeId: string,
  sequenceId: string,
): Promise<{ row: SequenceRow; stub: CartSequenceStub } | null> {
  const row = await findSequenceRow(db, storeId, sequenceId);
  return row ? { row, stub: cartSequenceStub(env, storeId, row.cartToken) } : null;
}

/** The store's live channel to its open dashboards (see ./store-live): one per store. */
export function storeLiveStub(env: Pick<Env, "STORE_LIVE">, storeId: string) {
  return env.STORE_LIVE.get(env.STORE_LIVE.idFromName(storeId));
}

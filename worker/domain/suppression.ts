import type { Env } from "../config";
import type { Database } from "../db/client";
import { findLiveSequencesOf, insertSuppression, type SuppressionReason } from "../db/suppressions";
import { cartSequence } from "../durable/cart-sequences";

/**
 * Suppresses an address store-wide and stops its live sequences at once. Every email step also
 * checks the suppression list when it is scheduled and again right before sending, so an email
 * already waiting in the queue is stopped too.
 */
export async function suppressAddress(env: Pick<Env, "CART_SEQUENCE">, db: Database, storeId: string, email: string, reason: SuppressionReason) {
  const address = email.toLowerCase();
  await insertSuppression(db, storeId, address, reason);
  const live = await findLiveSequencesOf(db, storeId, address);
  await Promise.all(live.map((row) => cartSequence(env, storeId, row.cartToken).stop(`address ${reason}`)));
}

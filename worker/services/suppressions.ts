import { findLiveSequencesOf, insertSuppression, listSuppressions as listSuppressionRows } from "../db/suppressions";
import type { SuppressionReason } from "../domain/catalogue";
import { cartSequenceStub } from "../durable/client";
import type { ServiceContext, StoreContext } from "./context";

/**
 * Suppresses an address store-wide and stops its live sequences at once. Every email step also
 * checks the suppression list when it is scheduled and again right before sending, so an email
 * already waiting in the queue is stopped too. Returns how many emails were already in flight
 * (claimed and at or on their way to Resend): those may still arrive.
 */
export async function suppressAddress({ env, db }: Pick<ServiceContext, "env" | "db">, input: { storeId: string; email: string; reason: SuppressionReason }): Promise<number> {
  const address = input.email.toLowerCase();
  await insertSuppression(db, input.storeId, address, input.reason);
  const live = await findLiveSequencesOf(db, input.storeId, address);
  const stopped = await Promise.all(live.map((row) => cartSequenceStub(env, input.storeId, row.cartToken).stop(`address ${input.reason}`)));
  return stopped.reduce((sum, view) => sum + (view?.in_flight.length ?? 0), 0);
}

/** The store's suppressed addresses, oldest first. */
export async function listSuppressions({ db, store }: StoreContext) {
  const rows = await listSuppressionRows(db, store.id);
  return rows.map((row) => ({ email: row.email, reason: row.reason, created_at: row.createdAt }));
}

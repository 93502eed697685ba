import { findLiveSequencesOf, findSuppression, insertSuppression, listSuppressions as listSuppressionRows } from "../db/suppressions";
import { SUPPRESSION_SOURCES, type SuppressionReason } from "../domain/catalogue";
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

type SuppressionRow = Awaited<ReturnType<typeof findSuppression>> & {};

const view = (row: SuppressionRow) => ({ email: row.email, reason: row.reason, source: SUPPRESSION_SOURCES[row.reason], created_at: row.createdAt });

/** The store's suppressed addresses, oldest first; `query` keeps those containing it. */
export async function listSuppressions({ db, store }: StoreContext, input: { query?: string } = {}) {
  const rows = await listSuppressionRows(db, store.id, input.query);
  return rows.map(view);
}

/**
 * A merchant suppresses an address by hand: like an unsubscribe, store-wide, and its live sequences
 * stop. Idempotent: an address already suppressed keeps its first reason and date (`added` false).
 */
export async function addSuppression(ctx: StoreContext, input: { email: string }) {
  const existing = await findSuppression(ctx.db, ctx.store.id, input.email);
  if (existing) return { added: false, suppression: view(existing) };
  await suppressAddress(ctx, { storeId: ctx.store.id, email: input.email, reason: "manual" });
  const row = await findSuppression(ctx.db, ctx.store.id, input.email);
  if (!row) throw new Error("the suppression just written is missing");
  return { added: true, suppression: view(row) };
}

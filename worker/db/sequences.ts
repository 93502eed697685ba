import { and, asc, desc, eq, inArray, lt, type SQL } from "drizzle-orm";
import { LIVE_STATUSES, type SequenceStatus } from "../domain/sequence";
import type { Database } from "./client";
import { carts, sequences, timelineEvents } from "./schema";

export type SequenceRow = typeof sequences.$inferSelect;

/** Newest first; the cursor is the last id of the previous page (ids sort by creation time). */
export async function listSequenceRows(db: Database, storeId: string, opts: { status?: SequenceStatus; limit: number; cursor?: string }) {
  const conditions: SQL[] = [eq(sequences.storeId, storeId)];
  if (opts.status) conditions.push(eq(sequences.status, opts.status));
  if (opts.cursor) conditions.push(lt(sequences.id, opts.cursor));
  const rows = await db
    .select()
    .from(sequences)
    .where(and(...conditions))
    .orderBy(desc(sequences.id))
    .limit(opts.limit + 1)
    .all();
  const page = rows.slice(0, opts.limit);
  return { rows: page, nextCursor: rows.length > opts.limit ? (page.at(-1)?.id ?? null) : null };
}

/** Scoped to the store: another store's sequence id finds nothing. */
export async function findSequenceRow(db: Database, storeId: string, id: string): Promise<SequenceRow | null> {
  return (await db.select().from(sequences).where(and(eq(sequences.storeId, storeId), eq(sequences.id, id))).get()) ?? null;
}

export async function findSequenceRowForCart(db: Database, storeId: string, cartToken: string): Promise<SequenceRow | null> {
  return (await db.select().from(sequences).where(and(eq(sequences.storeId, storeId), eq(sequences.cartToken, cartToken))).get()) ?? null;
}

export async function listTimeline(db: Database, sequenceId: string) {
  return db
    .select({ at: timelineEvents.at, type: timelineEvents.type, step: timelineEvents.step, detail: timelineEvents.detail })
    .from(timelineEvents)
    .where(eq(timelineEvents.sequenceId, sequenceId))
    .orderBy(asc(timelineEvents.id))
    .all();
}

/** The cart tokens of a shopper's sequences that may still send, found by address and by customer id. */
export async function findLiveCartsOfShopper(db: Database, storeId: string, shopper: { email: string | null; customerId: string | null }) {
  const live = and(eq(sequences.storeId, storeId), inArray(sequences.status, LIVE_STATUSES));
  const [byEmail, byCustomer] = await Promise.all([
    shopper.email
      ? db.select({ token: sequences.cartToken }).from(sequences).where(and(live, eq(sequences.customerEmail, shopper.email))).all()
      : [],
    shopper.customerId
      ? db
          .select({ token: sequences.cartToken })
          .from(sequences)
          .innerJoin(carts, and(eq(carts.storeId, sequences.storeId), eq(carts.cartToken, sequences.cartToken)))
          .where(and(live, eq(carts.customerId, shopper.customerId)))
          .all()
      : [],
  ]);
  return [...new Set([...byEmail, ...byCustomer].map((row) => row.token))];
}

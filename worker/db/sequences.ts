import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { LIVE_STATUSES, type SequenceStatus } from "../domain/sequence";
import type { Database } from "./client";
import { carts, sequences, timelineEvents } from "./schema";

export type SequenceRow = typeof sequences.$inferSelect;

/** Above every address that starts with a prefix: U+10FFFF is the largest character, and SQLite compares text bytewise. */
const AFTER_PREFIX = "\u{10FFFF}";

/**
 * Newest first; the cursor is the last id of the previous page (ids sort by creation time).
 * `email` keeps the addresses equal to it or starting with it (lower-cased, as stored), a range
 * the index on (store_id, customer_email) answers; `step` keeps the sequences whose current step
 * (the first one still scheduled, as currentStepId says) is that one.
 */
export async function listSequenceRows(
  db: Database,
  storeId: string,
  opts: { status?: SequenceStatus; step?: string; email?: string; limit: number; cursor?: string },
) {
  const conditions: SQL[] = [eq(sequences.storeId, storeId)];
  if (opts.status) conditions.push(eq(sequences.status, opts.status));
  if (opts.email) {
    const prefix = opts.email.toLowerCase();
    conditions.push(gte(sequences.customerEmail, prefix), lt(sequences.customerEmail, `${prefix}${AFTER_PREFIX}`));
  }
  if (opts.step) {
    conditions.push(
      sql`(SELECT json_extract(step.value, '$.id') FROM json_each(${sequences.steps}) AS step WHERE json_extract(step.value, '$.status') = 'scheduled' ORDER BY step.key LIMIT 1) = ${opts.step}`,
    );
  }
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

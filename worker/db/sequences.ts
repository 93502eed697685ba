import { and, asc, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Cart } from "../domain/cart";
import type { SequenceStatus, StepState } from "../domain/sequence";
import { toSequenceView } from "../domain/sequence-view";
import type { Database } from "./client";
import { sequences, timelineEvents } from "./schema";

type SequenceRow = typeof sequences.$inferSelect;

const view = (row: SequenceRow) =>
  toSequenceView({
    id: row.id,
    status: row.status as SequenceStatus,
    sequence_type: "abandoned_cart",
    steps: row.steps as StepState[],
    cart: row.cart as Cart,
    started_at: row.startedAt,
    stopped_reason: row.stoppedReason,
  });

/** Newest first; the cursor is the last id of the previous page (ids sort by creation time). */
export async function listSequences(db: Database, storeId: string, opts: { status?: SequenceStatus; limit: number; cursor?: string }) {
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
  return { data: page.map(view), next_cursor: rows.length > opts.limit ? (page.at(-1)?.id ?? null) : null };
}

export async function findSequenceRow(db: Database, storeId: string, id: string) {
  return (await db.select().from(sequences).where(and(eq(sequences.storeId, storeId), eq(sequences.id, id))).get()) ?? null;
}

export async function getSequenceDetail(db: Database, storeId: string, id: string) {
  const row = await findSequenceRow(db, storeId, id);
  if (!row) return null;
  const timeline = await db
    .select({ at: timelineEvents.at, type: timelineEvents.type, step: timelineEvents.step, detail: timelineEvents.detail })
    .from(timelineEvents)
    .where(eq(timelineEvents.sequenceId, id))
    .orderBy(asc(timelineEvents.id))
    .all();
  return { ...view(row), timeline };
}

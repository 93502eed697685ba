import { desc, sql } from "drizzle-orm";
import type { Database } from "./client";
import { deadLetters } from "./schema";

/** Keyed by the queue message id, so a redelivered dead letter is stored once. */
export async function recordDeadLetter(db: Database, queue: string, message: Message<unknown>) {
  await db
    .insert(deadLetters)
    .values({ id: `${queue}:${message.id}`, queue, body: JSON.stringify(message.body), createdAt: new Date().toISOString() })
    .onConflictDoNothing();
}

/** Dead letters whose job belongs to this store (every queue message names its store). */
export async function listDeadLetters(db: Database, storeId: string, limit: number) {
  return db
    .select()
    .from(deadLetters)
    .where(sql`json_extract(${deadLetters.body}, '$.store_id') = ${storeId}`)
    .orderBy(desc(deadLetters.createdAt))
    .limit(limit)
    .all();
}

/** How many of a store's messages from one queue are kept, waiting. */
export async function countDeadLetters(db: Database, storeId: string, queue: string): Promise<number> {
  const row = await db
    .select({ n: sql<number>`count(*)` })
    .from(deadLetters)
    .where(sql`${deadLetters.queue} = ${queue} AND json_extract(${deadLetters.body}, '$.store_id') = ${storeId}`)
    .get();
  return row?.n ?? 0;
}

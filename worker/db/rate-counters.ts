import { and, eq, lt, sql } from "drizzle-orm";
import type { Database } from "./client";
import { rateCounters } from "./schema";

/**
 * Counts one more use of `key` in the window that opened at `windowStart` and answers the count so
 * far, in one atomic statement (two requests at once never read the same count). Earlier windows
 * of the key are dropped in the same batch.
 */
export async function countUse(db: Database, key: string, windowStart: string): Promise<number> {
  const [, counted] = await db.batch([
    db.delete(rateCounters).where(and(eq(rateCounters.key, key), lt(rateCounters.windowStart, windowStart))),
    db
      .insert(rateCounters)
      .values({ key, windowStart, count: 1 })
      .onConflictDoUpdate({ target: [rateCounters.key, rateCounters.windowStart], set: { count: sql`${rateCounters.count} + 1` } })
      .returning({ count: rateCounters.count }),
  ]);
  return counted[0]?.count ?? 1;
}

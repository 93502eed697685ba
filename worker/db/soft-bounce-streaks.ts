import { and, eq, sql } from "drizzle-orm";
import type { Database } from "./client";
import { softBounceStreaks } from "./schema";

/** One more soft bounce in a row for the address; the streak's new length. */
export async function extendSoftBounceStreak(db: Database, storeId: string, email: string): Promise<number> {
  const row = await db
    .insert(softBounceStreaks)
    .values({ storeId, email, count: 1 })
    .onConflictDoUpdate({ target: [softBounceStreaks.storeId, softBounceStreaks.email], set: { count: sql`${softBounceStreaks.count} + 1` } })
    .returning({ count: softBounceStreaks.count })
    .get();
  return row.count;
}

/** A delivery ends the streak. */
export async function endSoftBounceStreak(db: Database, storeId: string, email: string) {
  await db.delete(softBounceStreaks).where(and(eq(softBounceStreaks.storeId, storeId), eq(softBounceStreaks.email, email)));
}

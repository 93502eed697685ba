import { and, between, eq } from "drizzle-orm";
import type { Database } from "./client";
import { dailyMetrics, statusCounts } from "./schema";

/** Two indexed reads: the rollup rows of the date range and the store's active-sequence gauge. */
export async function loadRollups(db: Database, storeId: string, fromDay: string, toDay: string) {
  const [rows, active] = await db.batch([
    db
      .select({ metric: dailyMetrics.metric, count: dailyMetrics.count, amount_cents: dailyMetrics.amountCents })
      .from(dailyMetrics)
      .where(and(eq(dailyMetrics.storeId, storeId), between(dailyMetrics.day, fromDay, toDay))),
    db.select({ count: statusCounts.count }).from(statusCounts).where(and(eq(statusCounts.storeId, storeId), eq(statusCounts.status, "active"))),
  ]);
  return { rows, activeSequences: active[0]?.count ?? 0 };
}

import { and, between, eq } from "drizzle-orm";
import type { MetricRow } from "../domain/analytics";
import type { Database } from "./client";
import { dailyMetrics, statusCounts } from "./schema";

/**
 * Two indexed reads: the rollup rows of the date range and the store's active-sequence gauge.
 * Run through D1 directly so the rows D1 read can be reported (the benchmark checks that they do
 * not grow with the number of sequences).
 */
export async function loadRollups(db: Database, storeId: string, fromDay: string, toDay: string) {
  const d1 = db.$client;
  const metrics = db
    .select({ day: dailyMetrics.day, metric: dailyMetrics.metric, count: dailyMetrics.count, amount_cents: dailyMetrics.amountCents })
    .from(dailyMetrics)
    .where(and(eq(dailyMetrics.storeId, storeId), between(dailyMetrics.day, fromDay, toDay)))
    .toSQL();
  const active = db
    .select({ count: statusCounts.count })
    .from(statusCounts)
    .where(and(eq(statusCounts.storeId, storeId), eq(statusCounts.status, "active")))
    .toSQL();
  const [rows, gauge] = await d1.batch([d1.prepare(metrics.sql).bind(...metrics.params), d1.prepare(active.sql).bind(...active.params)]);
  return {
    rows: (rows?.results ?? []) as MetricRow[],
    activeSequences: (gauge?.results[0] as { count: number } | undefined)?.count ?? 0,
    rowsRead: (rows?.meta.rows_read ?? 0) + (gauge?.meta.rows_read ?? 0),
  };
}

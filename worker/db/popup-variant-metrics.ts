import { and, eq } from "drizzle-orm";
import type { VariantMetricRow } from "../domain/popup-test-results";
import type { Database } from "./client";
import { popupVariantMetrics } from "./schema";

/** One popup A/B test's rollup rows: at most variants × counted event types, however many carts. */
export async function loadVariantMetrics(db: Database, storeId: string, testId: string): Promise<VariantMetricRow[]> {
  return db
    .select({ variant_id: popupVariantMetrics.variantId, metric: popupVariantMetrics.metric, count: popupVariantMetrics.count, amount_cents: popupVariantMetrics.amountCents })
    .from(popupVariantMetrics)
    .where(and(eq(popupVariantMetrics.storeId, storeId), eq(popupVariantMetrics.testId, testId)));
}

import { and, eq, sql } from "drizzle-orm";
import type { Database } from "./client";
import { webhookReceipts } from "./schema";

export type WebhookReceipt = { storeId: string; webhookId: string; receivedAt: string };

export async function hasReceipt(db: Database, storeId: string, webhookId: string) {
  const row = await db
    .select({ id: webhookReceipts.webhookId })
    .from(webhookReceipts)
    .where(and(eq(webhookReceipts.storeId, storeId), eq(webhookReceipts.webhookId, webhookId)))
    .get();
  return row !== undefined;
}

/** A webhook handled in its request: received and applied now. */
export async function saveReceipt(db: Database, storeId: string, webhookId: string) {
  const now = new Date().toISOString();
  await db.insert(webhookReceipts).values({ storeId, webhookId, receivedAt: now, appliedAt: now }).onConflictDoNothing();
}

/** A webhook queued for the ingest consumer, which marks it applied (below). */
export async function saveQueuedReceipt(db: Database, receipt: WebhookReceipt) {
  await db.insert(webhookReceipts).values(receipt).onConflictDoNothing();
}

/**
 * Marks a delivery's webhooks applied, in one statement (one JSON parameter, D1's cap of 100
 * parameters). An upsert: the consumer may apply a webhook before its request saved the receipt.
 */
export async function markReceiptsApplied(db: Database, receipts: readonly WebhookReceipt[], appliedAt: string) {
  if (receipts.length === 0) return;
  const rows = JSON.stringify(receipts.map((r) => [r.storeId, r.webhookId, r.receivedAt]));
  await db.run(sql`
    INSERT INTO webhook_receipts (store_id, webhook_id, received_at, applied_at)
    SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), ${appliedAt} FROM json_each(${rows}) WHERE true
    ON CONFLICT (store_id, webhook_id) DO UPDATE SET applied_at = excluded.applied_at`);
}

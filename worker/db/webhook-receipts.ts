import { and, eq, isNull, sql } from "drizzle-orm";
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

/**
 * Claims a webhook id for a delivery about to be queued: true when it is new (the receipt is
 * saved, not yet applied), false when it was seen before. One statement, so deduplicating costs a
 * webhook's answer a single D1 write.
 */
export async function claimReceipt(db: Database, receipt: WebhookReceipt): Promise<boolean> {
  const saved = await db.insert(webhookReceipts).values(receipt).onConflictDoNothing().returning({ id: webhookReceipts.webhookId }).all();
  return saved.length > 0;
}

/** Gives a claim back when its webhook could not be queued, so Shopify's retry of it is taken. */
export async function releaseReceipt(db: Database, storeId: string, webhookId: string) {
  await db.delete(webhookReceipts).where(and(eq(webhookReceipts.storeId, storeId), eq(webhookReceipts.webhookId, webhookId), isNull(webhookReceipts.appliedAt)));
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

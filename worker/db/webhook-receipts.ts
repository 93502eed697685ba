import { and, eq } from "drizzle-orm";
import type { Database } from "./client";
import { webhookReceipts } from "./schema";

export async function hasReceipt(db: Database, storeId: string, webhookId: string) {
  const row = await db
    .select({ id: webhookReceipts.webhookId })
    .from(webhookReceipts)
    .where(and(eq(webhookReceipts.storeId, storeId), eq(webhookReceipts.webhookId, webhookId)))
    .get();
  return row !== undefined;
}

export async function saveReceipt(db: Database, storeId: string, webhookId: string) {
  await db.insert(webhookReceipts).values({ storeId, webhookId, receivedAt: new Date().toISOString() }).onConflictDoNothing();
}

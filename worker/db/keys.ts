import { eq, sql } from "drizzle-orm";
import type { Database } from "./client";
import { stores } from "./schema";

/**
 * Replaces one of a store's keys in one statement: the current one becomes the previous one,
 * valid until `until`, and a key replaced earlier is dropped at once.
 */
export async function rotateStoreKey(db: Database, storeId: string, kind: "secret" | "publishable" | "webhook", next: string, until: Date) {
  const at = until.toISOString();
  const update = {
    secret: { secretKeyHash: next, previousSecretKeyHash: sql`${stores.secretKeyHash}`, previousSecretKeyUntil: at },
    publishable: { publishableKeyHash: next, previousPublishableKeyHash: sql`${stores.publishableKeyHash}`, previousPublishableKeyUntil: at },
    webhook: { webhookSecretEncrypted: next, previousWebhookSecretEncrypted: sql`${stores.webhookSecretEncrypted}`, previousWebhookSecretUntil: at },
  }[kind];
  await db.update(stores).set(update).where(eq(stores.id, storeId));
}

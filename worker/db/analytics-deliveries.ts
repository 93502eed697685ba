import { and, asc, eq, sql } from "drizzle-orm";
import { ANALYTICS_BACKLOG_QUEUE } from "../domain/analytics-message";
import type { IntegrationName } from "../domain/catalogue";
import type { Database } from "./client";
import { analyticsDeliveries, deadLetters } from "./schema";

export type DeliveryRow = typeof analyticsDeliveries.$inferSelect;

/** `column IN (…)` through one JSON parameter, as D1 caps bound parameters at 100 per query. */
const inJson = (column: typeof analyticsDeliveries.eventKey | typeof deadLetters.id, values: string[]) =>
  sql`${column} IN (SELECT value FROM json_each(${JSON.stringify([...new Set(values)])}))`;

/** What is recorded for these events, every integration. */
export async function findDeliveries(db: Database, keys: string[]): Promise<DeliveryRow[]> {
  if (keys.length === 0) return [];
  return db.select().from(analyticsDeliveries).where(inJson(analyticsDeliveries.eventKey, keys)).all();
}

/**
 * Claims the events for one integration until `leaseUntil` and answers the keys it got: those
 * never seen, and those whose earlier claim ran out (its consumer died mid-call). An event
 * delivered, dropped or claimed by another consumer right now is not claimed again.
 */
export async function claimDeliveries(db: Database, integration: IntegrationName, keys: string[], now: string, leaseUntil: string): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  // One statement whatever the number of keys: they travel as one JSON parameter (D1 binds at most 100).
  const claimed = await db.all<{ key: string }>(sql`
    INSERT INTO analytics_deliveries (event_key, integration, state, lease_until, updated_at)
    SELECT value, ${integration}, 'sending', ${leaseUntil}, ${now} FROM json_each(${JSON.stringify([...new Set(keys)])}) WHERE true
    ON CONFLICT (event_key, integration) DO UPDATE SET lease_until = excluded.lease_until, updated_at = excluded.updated_at
      WHERE analytics_deliveries.state = 'sending' AND analytics_deliveries.lease_until <= ${now}
    RETURNING event_key AS key`);
  return new Set(claimed.map((row) => row.key));
}

/** Settles claimed events for good: received by the integration, or never deliverable. */
export async function settleDeliveries(db: Database, integration: IntegrationName, keys: string[], state: "delivered" | "dropped", now: string) {
  if (keys.length === 0) return;
  await db
    .update(analyticsDeliveries)
    .set({ state, leaseUntil: null, updatedAt: now })
    .where(and(eq(analyticsDeliveries.integration, integration), inJson(analyticsDeliveries.eventKey, keys)));
}

/** Gives claims back after a failed call, so the message's retry may claim them at once. */
export async function releaseDeliveries(db: Database, integration: IntegrationName, keys: string[]) {
  if (keys.length === 0) return;
  await db
    .delete(analyticsDeliveries)
    .where(and(eq(analyticsDeliveries.integration, integration), eq(analyticsDeliveries.state, "sending"), inJson(analyticsDeliveries.eventKey, keys)));
}

/** The store's analytics backlog (messages that exhausted their retries), oldest first. */
export async function findBacklog(db: Database, storeId: string, limit: number) {
  return db
    .select({ id: deadLetters.id, body: deadLetters.body })
    .from(deadLetters)
    .where(and(eq(deadLetters.queue, ANALYTICS_BACKLOG_QUEUE), sql`json_extract(${deadLetters.body}, '$.store_id') = ${storeId}`))
    .orderBy(asc(deadLetters.createdAt))
    .limit(limit)
    .all();
}

export async function removeFromBacklog(db: Database, ids: string[]) {
  if (ids.length === 0) return;
  await db.delete(deadLetters).where(and(eq(deadLetters.queue, ANALYTICS_BACKLOG_QUEUE), inJson(deadLetters.id, ids)));
}

import { and, eq, sql } from "drizzle-orm";
import type { IntegrationName } from "../domain/catalogue";
import type { Database } from "./client";
import { integrationHealth } from "./schema";

export type HealthRow = typeof integrationHealth.$inferSelect;

export async function listHealth(db: Database, storeId: string): Promise<HealthRow[]> {
  return db.select().from(integrationHealth).where(eq(integrationHealth.storeId, storeId)).all();
}

export async function findHealth(db: Database, storeId: string, integration: IntegrationName): Promise<HealthRow | null> {
  return (await db.select().from(integrationHealth).where(and(eq(integrationHealth.storeId, storeId), eq(integrationHealth.integration, integration))).get()) ?? null;
}

/** A success closes the circuit and clears the failure count. */
export async function saveSuccess(db: Database, storeId: string, integration: IntegrationName, at: string) {
  await db
    .insert(integrationHealth)
    .values({ storeId, integration, lastSuccessAt: at, failures: 0, dropped: 0 })
    .onConflictDoUpdate({ target: [integrationHealth.storeId, integrationHealth.integration], set: { lastSuccessAt: at, failures: 0, openUntil: null } });
}

/**
 * One more consecutive failure; the circuit opens (until `openUntil`) once there are `threshold`
 * of them in a row, counted in one statement so concurrent failures are all counted.
 */
export async function saveFailure(db: Database, storeId: string, integration: IntegrationName, failure: { at: string; message: string; threshold: number; openUntil: string }) {
  await db
    .insert(integrationHealth)
    .values({ storeId, integration, lastError: failure.message, lastErrorAt: failure.at, failures: 1, dropped: 0, openUntil: failure.threshold <= 1 ? failure.openUntil : null })
    .onConflictDoUpdate({
      target: [integrationHealth.storeId, integrationHealth.integration],
      set: {
        lastError: failure.message,
        lastErrorAt: failure.at,
        failures: sql`${integrationHealth.failures} + 1`,
        openUntil: sql`CASE WHEN ${integrationHealth.failures} + 1 >= ${failure.threshold} THEN ${failure.openUntil} ELSE ${integrationHealth.openUntil} END`,
      },
    });
}

/** Events that will never reach the integration (too old, invalid): counted, so nothing vanishes unseen. */
export async function addDropped(db: Database, storeId: string, integration: IntegrationName, count: number) {
  await db
    .insert(integrationHealth)
    .values({ storeId, integration, failures: 0, dropped: count })
    .onConflictDoUpdate({ target: [integrationHealth.storeId, integrationHealth.integration], set: { dropped: sql`${integrationHealth.dropped} + ${count}` } });
}

import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "./client";
import { sequences, suppressions } from "./schema";

export const SUPPRESSION_REASONS = ["unsubscribed", "bounced", "complained"] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** The first reason stays: an address that unsubscribed and later bounced is still "unsubscribed". */
export async function insertSuppression(db: Database, storeId: string, email: string, reason: SuppressionReason) {
  await db.insert(suppressions).values({ storeId, email, reason, createdAt: new Date().toISOString() }).onConflictDoNothing();
}

export async function listSuppressions(db: Database, storeId: string) {
  return db
    .select({ email: suppressions.email, reason: suppressions.reason, created_at: suppressions.createdAt })
    .from(suppressions)
    .where(eq(suppressions.storeId, storeId))
    .orderBy(asc(suppressions.createdAt))
    .all();
}

export async function findLiveSequencesOf(db: Database, storeId: string, email: string) {
  return db
    .select({ id: sequences.id, cartToken: sequences.cartToken })
    .from(sequences)
    .where(and(eq(sequences.storeId, storeId), eq(sequences.customerEmail, email), inArray(sequences.status, ["active", "paused"])))
    .all();
}

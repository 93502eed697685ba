import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { SuppressionReason } from "../domain/catalogue";
import { LIVE_STATUSES } from "../domain/sequence";
import type { Database } from "./client";
import { sequences, suppressions } from "./schema";

/** The first reason stays: an address that unsubscribed and later bounced is still "unsubscribed". */
export async function insertSuppression(db: Database, storeId: string, email: string, reason: SuppressionReason) {
  await db.insert(suppressions).values({ storeId, email, reason, createdAt: new Date().toISOString() }).onConflictDoNothing();
}

/** `query`, when given, keeps the addresses that contain it (lower-cased, as addresses are kept). */
export async function listSuppressions(db: Database, storeId: string, query?: string) {
  const matches = query ? sql`instr(${suppressions.email}, ${query.toLowerCase()}) > 0` : undefined;
  return db
    .select()
    .from(suppressions)
    .where(and(eq(suppressions.storeId, storeId), matches))
    .orderBy(asc(suppressions.createdAt))
    .all();
}

/** The address's sequences that may still send, in one store. */
export async function findLiveSequencesOf(db: Database, storeId: string, email: string) {
  return db
    .select({ id: sequences.id, cartToken: sequences.cartToken })
    .from(sequences)
    .where(and(eq(sequences.storeId, storeId), eq(sequences.customerEmail, email), inArray(sequences.status, LIVE_STATUSES)))
    .all();
}

export async function findSuppression(db: Database, storeId: string, email: string) {
  return db
    .select()
    .from(suppressions)
    .where(and(eq(suppressions.storeId, storeId), eq(suppressions.email, email.toLowerCase())))
    .get();
}

/** Whether the store has suppressed this address (addresses are kept lower-cased). */
export async function isSuppressed(db: Database, storeId: string, email: string): Promise<boolean> {
  const row = await db
    .select({ email: suppressions.email })
    .from(suppressions)
    .where(and(eq(suppressions.storeId, storeId), eq(suppressions.email, email.toLowerCase())))
    .get();
  return row !== undefined;
}

import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { EmailStatus } from "../domain/catalogue";
import { emailKey } from "../domain/email/email-key";
import type { Database } from "./client";
import { OUTCOME } from "./delivery-rollups";
import { inJsonList } from "./json-list";
import { emails } from "./schema";

export type EmailRow = typeof emails.$inferSelect;
export type NewEmailRow = typeof emails.$inferInsert;

/** The email rows of these sequences, keyed by `emailKey`. */
export async function findEmailsOfSequences(db: Database, sequenceIds: string[]): Promise<Map<string, EmailRow>> {
  if (sequenceIds.length === 0) return new Map();
  const rows = await db.select().from(emails).where(inJsonList(emails.sequenceId, sequenceIds)).all();
  return new Map(rows.map((row) => [emailKey(row.sequenceId, row.stepId), row]));
}

/** Inserts each row once: (sequence, step) is unique, so a concurrent or repeated insert is a no-op. */
export async function insertEmailsOnce(db: Database, rows: NewEmailRow[]) {
  if (rows.length === 0) return;
  const [first, ...rest] = rows.map((row) => db.insert(emails).values(row).onConflictDoNothing());
  await db.batch([first!, ...rest]);
}

/** Every row of one batch request, in the order its body was sent. */
export async function findBatchRows(db: Database, batchKey: string) {
  return db.select().from(emails).where(eq(emails.batchKey, batchKey)).orderBy(asc(emails.id)).all();
}

/**
 * Notes that an attempt for these rows ended without sending them (they stay `sending`);
 * `outcomeUnknown` when Resend may have accepted them anyway (5xx, timeout, answer lost).
 */
export async function markEmailsAttempted(db: Database, ids: string[], error: string, outcomeUnknown: boolean) {
  if (ids.length === 0) return;
  await db
    .update(emails)
    .set({ error, ...(outcomeUnknown ? { outcomeUnknown: true } : {}) })
    .where(and(inJsonList(emails.id, ids), eq(emails.status, "sending")));
}

/** A resent batch without some of its members is a new request: its rows get the new key. */
export async function setBatchKey(db: Database, ids: string[], batchKey: string) {
  if (ids.length === 0) return;
  await db.update(emails).set({ batchKey }).where(inJsonList(emails.id, ids));
}

/** One statement for the whole batch: each row gets its own Resend id from the JSON list. */
/** Resend accepted these emails: each counts as sent once, for the domain it went out from. */
export async function markEmailsSent(db: Database, sent: { id: string; providerId: string; senderDomain: string }[], now: number) {
  if (sent.length === 0) return;
  const ids = JSON.stringify(sent.map(({ id, providerId, senderDomain }) => ({ i: id, p: providerId, d: senderDomain })));
  await db.run(sql`UPDATE emails SET status = 'sent', error = NULL, provider_id = json_extract(j.value, '$.p'),
    sender_domain = json_extract(j.value, '$.d'), outcomes = outcomes | ${OUTCOME.sent}, outcome_at = ${new Date(now).toISOString()}
    FROM json_each(${ids}) AS j WHERE emails.id = json_extract(j.value, '$.i')`);
}

export async function markEmailsFailed(db: Database, ids: string[], error: string) {
  if (ids.length === 0) return;
  await db.update(emails).set({ status: "failed", error }).where(inJsonList(emails.id, ids));
}

export async function setEmailsStatus(db: Database, ids: string[], status: EmailStatus) {
  if (ids.length === 0) return;
  await db.update(emails).set({ status }).where(inJsonList(emails.id, ids));
}

export async function findEmailByProviderId(db: Database, providerId: string) {
  return (await db.select().from(emails).where(eq(emails.providerId, providerId)).get()) ?? null;
}

export async function listEmails(db: Database, storeId: string, limit: number) {
  return db.select().from(emails).where(eq(emails.storeId, storeId)).orderBy(desc(emails.id)).limit(limit).all();
}

/** One of the store's emails; another store's id finds nothing. */
export async function findStoreEmail(db: Database, storeId: string, id: string) {
  return (await db.select().from(emails).where(and(eq(emails.storeId, storeId), eq(emails.id, id))).get()) ?? null;
}

import { and, gt, sql } from "drizzle-orm";
import { COUNTED_EMAIL_STATUSES } from "../domain/catalogue";
import { type SenderStanding, type ShopperHistory, UNGUARDED } from "../domain/coordinator";
import type { Database } from "./client";
import { inJsonList } from "./json-list";
import { dailySends, emails, sequences, suppressions } from "./schema";

export const shopperKey = (storeId: string, email: string) => `${storeId}/${email}`;

/**
 * What the coordinator needs to know about shoppers, for one or a hundred at once, in one batch
 * of three indexed reads: suppressions, their recovery emails since `since`, and each store's
 * emails made on its current calendar day (`dayByStore`, in the store's time zone); `senders` is
 * each store's sender standing (see ./sender-standing).
 */
export async function loadShopperHistories(
  db: Database,
  shoppers: { storeId: string; email: string }[],
  since: string,
  dayByStore: Map<string, string>,
  senders: Map<string, SenderStanding>,
) {
  const storeIds = shoppers.map((s) => s.storeId);
  const addresses = shoppers.map((s) => s.email);
  const [suppressed, sent, daily] = await db.batch([
    db
      .select({ storeId: suppressions.storeId, email: suppressions.email, reason: suppressions.reason })
      .from(suppressions)
      .where(and(inJsonList(suppressions.email, addresses), inJsonList(suppressions.storeId, storeIds))),
    db
      .select({ storeId: emails.storeId, email: emails.toEmail, createdAt: emails.createdAt, sequenceId: emails.sequenceId, stepId: emails.stepId })
      .from(emails)
      .where(and(inJsonList(emails.toEmail, addresses), gt(emails.createdAt, since), inJsonList(emails.status, COUNTED_EMAIL_STATUSES))),
    db
      .select({ storeId: dailySends.storeId, count: dailySends.count })
      .from(dailySends)
      .where(
        sql`(${dailySends.storeId}, ${dailySends.day}) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(${JSON.stringify([...dayByStore])}))`,
      ),
  ]);
  const histories = new Map<string, ShopperHistory>();
  for (const { storeId, email } of shoppers) {
    const key = shopperKey(storeId, email);
    histories.set(key, {
      email,
      suppression: suppressed.find((s) => s.storeId === storeId && s.email === email)?.reason ?? null,
      sends: sent.filter((s) => s.storeId === storeId && s.email === email).map((s) => ({ at: Date.parse(s.createdAt), sequenceId: s.sequenceId, stepId: s.stepId })),
      emailsSentToday: daily.find((d) => d.storeId === storeId)?.count ?? 0,
      sender: senders.get(storeId) ?? UNGUARDED,
    });
  }
  return histories;
}

/** The recipient of each sequence as D1 knows it, so a whole delivery's histories load at once. */
export async function findSequenceRecipients(db: Database, sequenceIds: string[]) {
  const rows = await db.select({ id: sequences.id, email: sequences.customerEmail }).from(sequences).where(inJsonList(sequences.id, sequenceIds)).all();
  return new Map(rows.map((row) => [row.id, row.email]));
}

/** Each sequence's cart token (its Durable Object's name), for the members of a resent batch. */
export async function findSequenceCartTokens(db: Database, sequenceIds: string[]) {
  if (sequenceIds.length === 0) return new Map<string, string>();
  const rows = await db.select({ id: sequences.id, cartToken: sequences.cartToken }).from(sequences).where(inJsonList(sequences.id, sequenceIds)).all();
  return new Map(rows.map((row) => [row.id, row.cartToken]));
}

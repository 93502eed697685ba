import { and, eq, gt, inArray, not, type SQL } from "drizzle-orm";
import type { SendFacts } from "../domain/coordinator";
import type { SequenceState } from "../domain/sequence";
import type { StoredSettings } from "../domain/settings";
import type { Database } from "./client";
import { dailyMetrics, emails, suppressions } from "./schema";

const SENT_STATUSES = ["outbox", "sent", "delivered"];

/**
 * Reads what the coordinator needs about this shopper and store: three indexed point reads.
 * `stepId`'s own email is left out of the frequency count, so a redelivered send is not capped
 * by itself; the sequence's other queued emails count as sent now, so two due steps never both go.
 */
export async function loadSendFacts(db: Database, state: SequenceState, stepId: string, settings: StoredSettings, now: number): Promise<SendFacts> {
  const email = state.cart.customer_email;
  const windowStart = new Date(now - settings.frequency_cap.per_hours * 3_600_000).toISOString();
  const today = new Date(now).toISOString().slice(0, 10);
  const [suppression, recent, sentToday] = await db.batch([
    db.select({ reason: suppressions.reason }).from(suppressions).where(and(eq(suppressions.storeId, state.store_id), eq(suppressions.email, email ?? ""))),
    db
      .select({ createdAt: emails.createdAt })
      .from(emails)
      .where(
        and(
          eq(emails.storeId, state.store_id),
          eq(emails.toEmail, email ?? ""),
          gt(emails.createdAt, windowStart),
          inArray(emails.status, SENT_STATUSES),
          not(and(eq(emails.sequenceId, state.id), eq(emails.stepId, stepId)) as SQL),
        ),
      )
      .orderBy(emails.createdAt),
    db
      .select({ count: dailyMetrics.count })
      .from(dailyMetrics)
      .where(and(eq(dailyMetrics.storeId, state.store_id), eq(dailyMetrics.day, today), eq(dailyMetrics.metric, "email_sent"))),
  ]);
  return {
    now,
    sequenceStatus: state.status,
    email,
    cartIsEmpty: state.cart.items.length === 0,
    acceptsMarketing: state.cart.accepts_marketing,
    suppression: suppression[0]?.reason ?? null,
    recentEmailTimes: [
      ...recent.map((r) => Date.parse(r.createdAt)),
      ...state.steps.filter((s) => s.queued && s.id !== stepId).map(() => now),
    ].sort((a, b) => a - b),
    emailsSentToday: sentToday[0]?.count ?? 0,
    settings,
  };
}

export async function findSuppression(db: Database, storeId: string, email: string): Promise<string | null> {
  const row = await db
    .select({ reason: suppressions.reason })
    .from(suppressions)
    .where(and(eq(suppressions.storeId, storeId), eq(suppressions.email, email)))
    .get();
  return row?.reason ?? null;
}

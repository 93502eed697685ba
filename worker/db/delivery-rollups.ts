import { and, asc, eq, gte, sql } from "drizzle-orm";
import type { GuardWindows } from "../domain/deliverability/guard";
import type { DeliveryCounts } from "../domain/deliverability/rates";
import type { Database } from "./client";
import { deliveryRollups, emails } from "./schema";

/** The bits of `emails.outcomes`; migrations/0019's trigger counts each one once. */
export const OUTCOME = { sent: 1, delivered: 2, bounced: 4, complained: 8 } as const;
export type Outcome = keyof typeof OUTCOME;

export const storeScope = (storeId: string) => `store:${storeId}`;
export const domainScope = (domain: string) => `domain:${domain}`;

/** Sets an outcome's bit once; a redelivered webhook finds it set and counts nothing. */
export async function recordEmailOutcome(db: Database, emailId: string, outcome: Outcome, now: number) {
  const bit = OUTCOME[outcome];
  await db.update(emails).set({ outcomes: sql`${emails.outcomes} | ${bit}`, outcomeAt: new Date(now).toISOString() }).where(sql`${eq(emails.id, emailId)} AND (${emails.outcomes} & ${bit}) = 0`);
}

const HOUR_MS = 3_600_000;
/** The rollups' key: the UTC hour, `YYYY-MM-DDTHH`, as the trigger writes it. */
const hourOf = (instant: number) => new Date(instant).toISOString().slice(0, 13);

/** A scope to read, and when its history starts counting (a merchant's resume), if it does not go back a week. */
export type WindowRequest = { scope: string; countsFrom: string | null };

/**
 * The last 24 hours and 7 days of each scope, from at most 168 rollup rows a scope, in one query.
 * A resume counts from the hour after it: the events that caused the pause came before it.
 */
export async function readGuardWindows(db: Database, requests: WindowRequest[], now: number): Promise<{ windows: Map<string, GuardWindows>; rowsRead: number }> {
  const bounds = requests.map(({ scope, countsFrom }) => {
    const resumed = countsFrom ? hourOf(Date.parse(countsFrom) + HOUR_MS) : "";
    const week = hourOf(now - 167 * HOUR_MS);
    const day = hourOf(now - 23 * HOUR_MS);
    return [scope, week > resumed ? week : resumed, day > resumed ? day : resumed];
  });
  // Through D1's own result, so the rows it read can be reported (they must not grow with the events).
  const result = await db.run(sql`
    SELECT r.scope,
      sum(CASE WHEN r.hour >= json_extract(j.value, '$[2]') THEN r.sent ELSE 0 END) AS d_sent,
      sum(CASE WHEN r.hour >= json_extract(j.value, '$[2]') THEN r.delivered ELSE 0 END) AS d_delivered,
      sum(CASE WHEN r.hour >= json_extract(j.value, '$[2]') THEN r.bounced ELSE 0 END) AS d_bounced,
      sum(CASE WHEN r.hour >= json_extract(j.value, '$[2]') THEN r.complained ELSE 0 END) AS d_complained,
      sum(r.sent) AS w_sent, sum(r.delivered) AS w_delivered, sum(r.bounced) AS w_bounced, sum(r.complained) AS w_complained
    FROM json_each(${JSON.stringify(bounds)}) AS j
    JOIN delivery_rollups AS r ON r.scope = json_extract(j.value, '$[0]') AND r.hour >= json_extract(j.value, '$[1]')
    GROUP BY r.scope`);
  const empty: DeliveryCounts = { sent: 0, delivered: 0, bounced: 0, complained: 0 };
  const windows = new Map<string, GuardWindows>(requests.map(({ scope }) => [scope, { "24 h": empty, "7 days": empty }]));
  const rows = result.results as { scope: string; d_sent: number; d_delivered: number; d_bounced: number; d_complained: number; w_sent: number; w_delivered: number; w_bounced: number; w_complained: number }[];
  for (const r of rows) {
    windows.set(r.scope, {
      "24 h": { sent: r.d_sent, delivered: r.d_delivered, bounced: r.d_bounced, complained: r.d_complained },
      "7 days": { sent: r.w_sent, delivered: r.w_delivered, bounced: r.w_bounced, complained: r.w_complained },
    });
  }
  return { windows, rowsRead: result.meta.rows_read };
}

/** A scope's hours since `since` that saw any event, oldest first: at most 168 rows for a week. */
export async function readRollupHours(db: Database, scope: string, since: number) {
  return db
    .select({ hour: deliveryRollups.hour, delivered: deliveryRollups.delivered, bounced: deliveryRollups.bounced, complained: deliveryRollups.complained })
    .from(deliveryRollups)
    .where(and(eq(deliveryRollups.scope, scope), gte(deliveryRollups.hour, hourOf(since))))
    .orderBy(asc(deliveryRollups.hour))
    .all();
}

import { z } from "zod";
import type { TimelineEventType } from "./catalogue";
import { popupVariantResultSchema } from "./popup-test-results";

export const analyticsSchema = z.object({
  from: z.string(),
  to: z.string(),
  recovery_rate: z.number(),
  total_sequences: z.number(),
  active_sequences: z.number(),
  recovered_sequences: z.number(),
  recovered_revenue: z.number(),
  currency: z.string(),
  emails: z.object({
    sent: z.number(),
    delivered: z.number(),
    opened: z.number(),
    clicked: z.number(),
    bounced: z.number(),
    complained: z.number(),
    unsubscribed: z.number(),
  }),
  popup: z.object({
    shown: z.number(),
    clicked: z.number(),
    dismissed: z.number(),
    variants: z
      .array(popupVariantResultSchema)
      .optional()
      .describe("While a popup A/B test runs: each variant over the whole test (since its variants were last defined), not the date range"),
    winner: z
      .string()
      .nullable()
      .optional()
      .describe(
        "While a test runs: the variant whose conversion rate beats every other's by a two-sided two-proportion z-test at 5 % (Bonferroni-corrected for its comparisons), each variant shown at least 30 times; else null",
      ),
  }),
  funnel: z.array(z.object({ stage: z.string(), count: z.number() })),
  by_step: z.array(z.object({ step: z.string(), sent: z.number(), opened: z.number(), clicked: z.number(), recovered: z.number() })),
  daily: z
    .array(
      z.object({
        date: z.string().describe("UTC day, YYYY-MM-DD"),
        abandoned: z.number().describe("Sequences started that day"),
        recovered: z.number().describe("Sequences recovered that day"),
        revenue: z.number().describe("Recovered revenue that day, net of refunds, in `currency`"),
      }),
    )
    .optional()
    .describe("One entry per UTC day from `from` to `to`, zeros included; each column sums to its total above"),
});
export type Analytics = z.infer<typeof analyticsSchema>;

/** A day's rollup row: `metric` is a timeline event type, or `type:step` for per-step counts. */
export type Metric = TimelineEventType | `${TimelineEventType}:${string}`;
export type MetricRow = { day: string; metric: string; count: number; amount_cents: number };

/**
 * Builds the analytics answer from rollups kept up to date as events happen, so its cost
 * depends on the days and metrics in the range, never on how many sequences exist.
 */
export function summarise(args: { from: string; to: string; rows: MetricRow[]; activeSequences: number; stepIds: string[]; currency: string }): Analytics {
  const totals = new Map<string, { count: number; amount: number }>();
  for (const row of args.rows) {
    const total = totals.get(row.metric) ?? { count: 0, amount: 0 };
    total.count += row.count;
    total.amount += row.amount_cents;
    totals.set(row.metric, total);
  }
  const count = (metric: Metric) => totals.get(metric)?.count ?? 0;
  const started = count("sequence_started");
  const recovered = count("sequence_recovered");
  const stepsSeen = new Set(args.stepIds);
  for (const metric of totals.keys()) {
    const step = metric.split(":")[1];
    if (step) stepsSeen.add(step);
  }
  return {
    from: args.from,
    to: args.to,
    recovery_rate: started === 0 ? 0 : Math.round((recovered / started) * 10_000) / 10_000,
    total_sequences: started,
    active_sequences: args.activeSequences,
    recovered_sequences: recovered,
    recovered_revenue: ((totals.get("sequence_recovered")?.amount ?? 0) - (totals.get("order_refunded")?.amount ?? 0)) / 100,
    currency: args.currency,
    emails: {
      sent: count("email_sent"),
      delivered: count("email_delivered"),
      opened: count("email_opened"),
      clicked: count("email_clicked"),
      bounced: count("email_bounced"),
      complained: count("email_complained"),
      unsubscribed: count("unsubscribed"),
    },
    popup: { shown: count("popup_shown"), clicked: count("popup_clicked"), dismissed: count("popup_dismissed") },
    funnel: [
      { stage: "abandoned", count: started },
      { stage: "reached", count: count("sequence_reached") },
      { stage: "opened", count: count("email_opened") },
      { stage: "clicked", count: count("email_clicked") },
      { stage: "recovered", count: recovered },
    ],
    daily: dailySeries(args.from, args.to, args.rows),
    by_step: [...stepsSeen].map((step) => ({
      step,
      sent: count(`email_sent:${step}`) + count(`popup_shown:${step}`),
      opened: count(`email_opened:${step}`),
      clicked: count(`email_clicked:${step}`) + count(`popup_clicked:${step}`),
      recovered: count(`sequence_recovered:${step}`),
    })),
  };
}

const DAY_MS = 86_400_000;

/** Every day of the range, so a chart shows quiet days as zeros rather than skipping them. */
function dailySeries(from: string, to: string, rows: MetricRow[]): NonNullable<Analytics["daily"]> {
  const days = new Map<string, { date: string; abandoned: number; recovered: number; revenueCents: number }>();
  for (let t = Date.parse(from); t <= Date.parse(to); t += DAY_MS) {
    const date = new Date(t).toISOString().slice(0, 10);
    days.set(date, { date, abandoned: 0, recovered: 0, revenueCents: 0 });
  }
  for (const row of rows) {
    const day = days.get(row.day);
    if (!day) continue;
    if (row.metric === "sequence_started") day.abandoned += row.count;
    if (row.metric === "sequence_recovered") {
      day.recovered += row.count;
      day.revenueCents += row.amount_cents;
    }
    if (row.metric === "order_refunded") day.revenueCents -= row.amount_cents;
  }
  return [...days.values()].map(({ revenueCents, ...day }) => ({ ...day, revenue: revenueCents / 100 }));
}

import { describe, expect, it } from "vitest";
import { summarise, type MetricRow } from "../../worker/domain/analytics";

const row = (metric: string, count: number, amount_cents = 0, day = "2026-11-01"): MetricRow => ({ day, metric, count, amount_cents });
const range = { from: "2026-11-01", to: "2026-11-30", currency: "EUR" };

describe("summarise", () => {
  it("lists every day of the range, zeros included, with carts, recoveries and revenue net of refunds", () => {
    const rows = [
      row("sequence_started", 4, 0, "2026-11-01"),
      row("sequence_recovered", 1, 5000, "2026-11-01"),
      row("sequence_recovered:email_2h", 1, 5000, "2026-11-01"),
      row("sequence_started", 2, 0, "2026-11-03"),
      row("sequence_recovered", 2, 3000, "2026-11-03"),
      row("order_refunded", 1, 1000, "2026-11-03"),
    ];
    const analytics = summarise({ from: "2026-11-01", to: "2026-11-03", currency: "EUR", rows, activeSequences: 0, stepIds: [] });
    expect(analytics.daily).toEqual([
      { date: "2026-11-01", abandoned: 4, recovered: 1, revenue: 50 },
      { date: "2026-11-02", abandoned: 0, recovered: 0, revenue: 0 },
      { date: "2026-11-03", abandoned: 2, recovered: 2, revenue: 20 },
    ]);
    expect(analytics.recovered_revenue).toBe(70);
  });


  it("adds up the days of each metric into counts, rate, revenue net of refunds, funnel and steps", () => {
    const rows = [
      // Two days of the same metrics: each total is the sum of its days.
      row("sequence_started", 3),
      row("sequence_started", 5),
      row("sequence_reached", 4),
      row("sequence_recovered", 2, 5_000),
      row("sequence_recovered", 1, 2_550),
      row("order_refunded", 1, 1_025),
      row("email_sent", 6),
      row("email_delivered", 5),
      row("email_opened", 4),
      row("email_clicked", 3),
      row("email_bounced", 1),
      row("email_complained", 2),
      row("unsubscribed", 1),
      row("popup_shown", 7),
      row("popup_clicked", 2),
      row("popup_dismissed", 3),
      row("email_sent:email_2h", 4),
      row("email_sent:email_2h", 2),
      row("email_opened:email_2h", 3),
      row("email_clicked:email_2h", 1),
      row("sequence_recovered:email_2h", 2),
      row("popup_shown:popup_1h", 7),
      row("popup_clicked:popup_1h", 2),
      row("sequence_recovered:popup_1h", 1),
    ];
    const { daily, ...analytics } = summarise({ ...range, rows, activeSequences: 9, stepIds: ["popup_1h", "email_2h", "email_24h"] });
    expect(daily).toHaveLength(30);
    expect(analytics).toEqual({
      from: "2026-11-01",
      to: "2026-11-30",
      recovery_rate: 0.375,
      total_sequences: 8,
      active_sequences: 9,
      recovered_sequences: 3,
      recovered_revenue: 65.25,
      currency: "EUR",
      emails: { sent: 6, delivered: 5, opened: 4, clicked: 3, bounced: 1, complained: 2, unsubscribed: 1 },
      popup: { shown: 7, clicked: 2, dismissed: 3 },
      funnel: [
        { stage: "abandoned", count: 8 },
        { stage: "reached", count: 4 },
        { stage: "opened", count: 4 },
        { stage: "clicked", count: 3 },
        { stage: "recovered", count: 3 },
      ],
      by_step: [
        { step: "popup_1h", sent: 7, opened: 0, clicked: 2, recovered: 1 },
        { step: "email_2h", sent: 6, opened: 3, clicked: 1, recovered: 2 },
        { step: "email_24h", sent: 0, opened: 0, clicked: 0, recovered: 0 },
      ],
    });
  });

  it("rounds the recovery rate to four decimals", () => {
    const analytics = summarise({ ...range, rows: [row("sequence_started", 3), row("sequence_recovered", 1, 100)], activeSequences: 0, stepIds: [] });
    expect(analytics.recovery_rate).toBe(0.3333);
    expect(summarise({ ...range, rows: [row("sequence_started", 3), row("sequence_recovered", 2, 100)], activeSequences: 0, stepIds: [] }).recovery_rate).toBe(0.6667);
  });

  it("answers zeros for a store with nothing yet, without dividing by zero", () => {
    const analytics = summarise({ ...range, rows: [], activeSequences: 0, stepIds: ["email_2h"] });
    expect(analytics.recovery_rate).toBe(0);
    expect(analytics.recovered_revenue).toBe(0);
    expect(analytics.total_sequences).toBe(0);
    expect(analytics.by_step).toEqual([{ step: "email_2h", sent: 0, opened: 0, clicked: 0, recovered: 0 }]);
  });

  it("keeps steps that are no longer in the plan but have counts, after the plan's own", () => {
    const rows = [row("email_sent:old_step", 2), row("email_sent", 2), row("email_opened:email_2h", 1)];
    const analytics = summarise({ ...range, rows, activeSequences: 0, stepIds: ["email_2h"] });
    expect(analytics.by_step.map((s) => s.step)).toEqual(["email_2h", "old_step"]);
    expect(analytics.by_step[1]).toEqual({ step: "old_step", sent: 2, opened: 0, clicked: 0, recovered: 0 });
  });
});

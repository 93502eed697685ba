import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { createFastStore, json, postCart, request } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { runAlarm, waitForStep } from "./helpers/sequences";

let clock: ReturnType<typeof useFakeClock>;
afterEach(() => clock?.restore());

describe("analytics", () => {
  it("reports exactly what happened", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const at = new Date(clock.start).toISOString();
    const recovered = await postCart(store.secret_key, { updated_at: at, total_price: "100.00" });
    const emailed = await postCart(store.secret_key, { updated_at: at });
    const stopped = await postCart(store.secret_key, { updated_at: at });

    clock.at(2000);
    for (const cart of [recovered, emailed]) {
      await runAlarm(store.id, cart.payload.cart_token);
      await waitForStep(store.secret_key, cart.sequence.id, "email_2h", "sent");
    }
    await request(`/api/v1/recovery/sequences/${stopped.sequence.id}/stop`, { method: "POST", key: store.secret_key, json: { reason: "test" } });
    const order = { order_id: "A-1", cart_token: recovered.payload.cart_token, total_price: "100.00", currency: "USD" };
    await request("/api/v1/orders", { method: "POST", key: store.secret_key, json: order });
    await request("/api/v1/orders", { method: "POST", key: store.secret_key, json: order });

    const stats = await json(request("/api/v1/recovery/analytics", { key: store.secret_key }));
    expect(stats).toMatchObject({
      total_sequences: 3,
      active_sequences: 1,
      recovered_sequences: 1,
      recovered_revenue: 100,
      recovery_rate: 0.3333,
      currency: "USD",
      emails: { sent: 2, delivered: 0, opened: 0, clicked: 0, bounced: 0, complained: 0, unsubscribed: 0 },
    });
    expect(stats.funnel).toEqual([
      { stage: "abandoned", count: 3 },
      { stage: "reached", count: 2 },
      { stage: "opened", count: 0 },
      { stage: "clicked", count: 0 },
      { stage: "recovered", count: 1 },
    ]);
    expect(stats.by_step.find((s: any) => s.step === "email_2h")).toEqual({ step: "email_2h", sent: 2, opened: 0, clicked: 0, recovered: 1 });

    const lastYear = await json(request("/api/v1/recovery/analytics?from=2020-01-01&to=2020-12-31", { key: store.secret_key }));
    expect(lastYear.total_sequences).toBe(0);
    expect(lastYear.active_sequences).toBe(1);
  });
});

describe("analytics daily series", () => {
  it("lists each day of a seeded range and sums to the range's totals", async () => {
    const store = await createFastStore();
    const seeded: [day: string, metric: string, count: number, cents: number][] = [
      ["2024-03-01", "sequence_started", 5, 0],
      ["2024-03-01", "sequence_recovered", 2, 12_000],
      ["2024-03-01", "sequence_recovered:email_2h", 2, 12_000],
      ["2024-03-03", "sequence_started", 3, 0],
      ["2024-03-03", "sequence_recovered", 1, 4_550],
      ["2024-03-03", "order_refunded", 1, 1_000],
      ["2024-03-05", "sequence_started", 9, 0], // outside the range asked for
    ];
    await env.DB.batch(
      seeded.map(([day, metric, count, cents]) =>
        env.DB.prepare("INSERT INTO daily_metrics (store_id, day, metric, count, amount_cents) VALUES (?, ?, ?, ?, ?)").bind(store.id, day, metric, count, cents),
      ),
    );

    const stats = await json(request("/api/v1/recovery/analytics?from=2024-03-01&to=2024-03-04", { key: store.secret_key }));
    expect(stats.daily).toEqual([
      { date: "2024-03-01", abandoned: 5, recovered: 2, revenue: 120 },
      { date: "2024-03-02", abandoned: 0, recovered: 0, revenue: 0 },
      { date: "2024-03-03", abandoned: 3, recovered: 1, revenue: 35.5 },
      { date: "2024-03-04", abandoned: 0, recovered: 0, revenue: 0 },
    ]);
    const sum = (key: "abandoned" | "recovered" | "revenue") => stats.daily.reduce((total: number, day: any) => total + day[key], 0);
    expect(sum("abandoned")).toBe(stats.total_sequences);
    expect(sum("recovered")).toBe(stats.recovered_sequences);
    expect(sum("revenue")).toBeCloseTo(stats.recovered_revenue, 2);
    expect(stats).toMatchObject({ total_sequences: 8, recovered_sequences: 3, recovered_revenue: 155.5 });
  });
});

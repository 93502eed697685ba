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

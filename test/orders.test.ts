import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { createFastStore, json, postCart, request } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { storeWithSentEmail } from "./helpers/email-flow";
import { getSequence, runAlarm, stepStatus, waitForStep } from "./helpers/sequences";

let clock: ReturnType<typeof useFakeClock>;
afterEach(() => clock?.restore());

const second = 1000;

async function analytics(key: string) {
  return json(request("/api/v1/recovery/analytics", { key }));
}

describe("orders", () => {
  it("an order mid-sequence stops it and counts the revenue once, even when sent twice", async () => {
    clock = useFakeClock();
    const { store, payload, sequence } = await storeWithSentEmail(clock);

    clock.at(2.5 * second);
    const order = { order_id: "1001", cart_token: payload.cart_token, total_price: "59.90", currency: "USD" };
    const first = await json(request("/api/v1/orders", { method: "POST", key: store.secret_key, json: order }));
    expect(first, JSON.stringify(first)).toMatchObject({ recovered: true });
    expect(first.sequence.status).toBe("recovered");
    const again = await request("/api/v1/orders", { method: "POST", key: store.secret_key, json: order });
    expect(again.status).toBe(200);

    clock.at(10 * second);
    await runAlarm(store.id, payload.cart_token);
    const current = await getSequence(store.secret_key, sequence.id);
    expect(current.status).toBe("recovered");
    expect(stepStatus(current, "email_24h")).toBe("skipped");
    expect(current.timeline.filter((e: any) => e.type === "sequence_recovered")).toHaveLength(1);
    const emails = await env.DB.prepare("SELECT count(*) AS n FROM emails WHERE sequence_id = ?").bind(sequence.id).first<{ n: number }>();
    expect(emails?.n).toBe(1);

    const stats = await analytics(store.secret_key);
    expect(stats.recovered_sequences).toBe(1);
    expect(stats.recovered_revenue).toBeCloseTo(59.9);
    expect(stats.by_step.find((s: any) => s.step === "email_2h").recovered).toBe(1);
  });

  it("an order before any Reva touch stops the sequence without counting as recovered", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { payload, sequence } = await postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString() });
    const outcome = await json(
      request("/api/v1/orders", { method: "POST", key: store.secret_key, json: { order_id: "2001", email: payload.email, total_price: 20, currency: "USD" } }),
    );
    expect(outcome.matched_cart).toBe(payload.cart_token);
    expect(outcome.recovered).toBe(false);
    expect(outcome.sequence.status).toBe("stopped");
    expect(outcome.sequence.stopped_reason).toBe("order_placed");
    clock.at(5 * second);
    await runAlarm(store.id, payload.cart_token);
    const current = await getSequence(store.secret_key, sequence.id);
    expect(current.steps.every((s: any) => s.status === "skipped")).toBe(true);
    const stats = await analytics(store.secret_key);
    expect(stats.recovered_sequences).toBe(0);
    expect(stats.recovered_revenue).toBe(0);
  });

  it("an order after the attribution window is not counted", async () => {
    clock = useFakeClock();
    const { store, payload, sequence } = await storeWithSentEmail(clock);
    const eightDays = 8 * 86_400 * second;
    clock.at(eightDays);
    const outcome = await json(
      request("/api/v1/orders", { method: "POST", key: store.secret_key, json: { order_id: "3001", cart_token: payload.cart_token, total_price: 20, currency: "USD" } }),
    );
    expect(outcome.matched_cart).toBe(payload.cart_token);
    expect(outcome.recovered).toBe(false);
    expect(outcome.sequence.status).toBe("stopped");
    expect(outcome.sequence.stopped_reason).toBe("order_placed");
    const current = await getSequence(store.secret_key, sequence.id);
    expect(current.timeline.filter((e: any) => e.type === "sequence_recovered")).toEqual([]);
    const stats = await analytics(store.secret_key);
    expect(stats.recovered_sequences).toBe(0);
    expect(stats.recovered_revenue).toBe(0);
    expect(stats.by_step.find((s: any) => s.step === "email_2h").recovered).toBe(0);
    const row = await env.DB.prepare("SELECT order_id FROM orders WHERE store_id = ?").bind(store.id).first();
    expect(row).toEqual({ order_id: "3001" });
  });

  it("finds no cart for an unknown order and stores it all the same", async () => {
    const store = await createFastStore();
    const outcome = await json(
      request("/api/v1/orders", { method: "POST", key: store.secret_key, json: { order_id: "4001", email: "nobody@example.com", total_price: 5, currency: "USD" } }),
    );
    expect(outcome).toMatchObject({ matched_cart: null, recovered: false, sequence: null });
    const row = await env.DB.prepare("SELECT order_id FROM orders WHERE store_id = ?").bind(store.id).first();
    expect(row).toEqual({ order_id: "4001" });
  });
});

describe("stop", () => {
  it("wins over a due alarm: after stop returns, no email goes out", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { payload, sequence } = await postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString() });
    clock.at(2 * second);
    const [, stopped] = await Promise.all([
      runAlarm(store.id, payload.cart_token),
      request(`/api/v1/recovery/sequences/${sequence.id}/stop`, { method: "POST", key: store.secret_key, json: { reason: "merchant" } }),
    ]);
    expect(stopped.status).toBe(200);
    expect((await stopped.json<any>()).status).toBe("stopped");

    // Whichever ran first, a queued email is settled by the consumer's claim, never sent.
    const current = await waitForStep(store.secret_key, sequence.id, "email_2h", "skipped");
    expect(current.status).toBe("stopped");
    expect(current.stopped_reason).toBe("merchant");
    await runAlarm(store.id, payload.cart_token);
    const emails = await env.DB.prepare("SELECT count(*) AS n FROM emails WHERE sequence_id = ?").bind(sequence.id).first<{ n: number }>();
    expect(emails?.n).toBe(0);
  });

  it("is idempotent", async () => {
    const store = await createFastStore();
    const { sequence } = await postCart(store.secret_key);
    const path = `/api/v1/recovery/sequences/${sequence.id}/stop`;
    const one = await json(request(path, { method: "POST", key: store.secret_key, json: { reason: "first" } }));
    const two = await json(request(path, { method: "POST", key: store.secret_key, json: { reason: "second" } }));
    expect(one.status).toBe("stopped");
    expect(two).toEqual(one);
    const current = await getSequence(store.secret_key, sequence.id);
    expect(current.timeline.filter((e: any) => e.type === "sequence_stopped")).toHaveLength(1);
  });
});

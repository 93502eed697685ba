import { afterEach, describe, expect, it } from "vitest";
import { json, postCart, request } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { storeWithSentEmail } from "./helpers/email-flow";
import { getSequence } from "./helpers/sequences";
import { sendShopifyWebhook } from "./helpers/shopify";

let clock: ReturnType<typeof useFakeClock>;
afterEach(() => clock?.restore());

const second = 1000;
const analytics = (key: string) => json(request("/api/v1/recovery/analytics", { key }));
const postOrder = (key: string, order: Record<string, unknown>) => json(request("/api/v1/orders", { method: "POST", key, json: order }));
const postRefund = (key: string, refund: Record<string, unknown>) => request("/api/v1/refunds", { method: "POST", key, json: refund });

describe("a purchase stops everything of the shopper", () => {
  it("an order on one cart stops the shopper's other cart, found by address and by customer id", async () => {
    clock = useFakeClock();
    const { store, payload, sequence } = await storeWithSentEmail(clock, { customer_id: "cust-7" });
    const sameAddress = await postCart(store.secret_key, { email: payload.email, updated_at: new Date(clock.start).toISOString() });
    const sameCustomer = await postCart(store.secret_key, { email: "other@example.com", customer_id: "cust-7", updated_at: new Date(clock.start).toISOString() });
    const stranger = await postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString() });

    clock.at(3 * second);
    const outcome = await postOrder(store.secret_key, { order_id: "5001", cart_token: payload.cart_token, email: payload.email, customer_id: "cust-7", total_price: "59.90", currency: "USD" });
    expect(outcome).toMatchObject({ matched_cart: payload.cart_token, recovered: true });
    expect([...outcome.stopped_sequences].sort()).toEqual([sameAddress.sequence.id, sameCustomer.sequence.id].sort());

    for (const other of [sameAddress, sameCustomer]) {
      const current = await getSequence(store.secret_key, other.sequence.id);
      expect(current.status).toBe("stopped");
      expect(current.stopped_reason).toBe("order_placed");
      expect(current.steps.every((step: any) => step.status === "skipped")).toBe(true);
      expect(current.timeline.at(-1).detail).toBe("the shopper placed order 5001 on another cart: no more emails");
    }
    expect((await getSequence(store.secret_key, stranger.sequence.id)).status).toBe("active");
    expect((await getSequence(store.secret_key, sequence.id)).status).toBe("recovered");
    const stats = await analytics(store.secret_key);
    expect(stats.recovered_sequences).toBe(1);
    expect(stats.recovered_revenue).toBeCloseTo(59.9);
  });
});

describe("only paid orders are recovered revenue", () => {
  it("a pending order stops the emails and adds nothing until it is paid, then counts once", async () => {
    clock = useFakeClock();
    const { store, payload, sequence } = await storeWithSentEmail(clock);
    clock.at(3 * second);
    const order = { id: 820982911946154500, checkout_token: payload.cart_token, email: payload.email, total_price: "59.90", currency: "USD", created_at: new Date(clock.start + 3 * second).toISOString() };

    expect((await sendShopifyWebhook(store.id, store.webhook_secret, "orders/create", { ...order, financial_status: "pending" })).status).toBe(200);
    const pending = await getSequence(store.secret_key, sequence.id);
    expect(pending.status).toBe("stopped");
    expect(pending.steps.filter((s: any) => s.channel === "email" && s.id !== "email_2h").every((s: any) => s.status === "skipped")).toBe(true);
    expect(pending.timeline.at(-1).detail).toBe("order 820982911946154500 placed, awaiting payment: no more emails");
    expect((await analytics(store.secret_key)).recovered_revenue).toBe(0);

    clock.at(4 * second);
    expect((await sendShopifyWebhook(store.id, store.webhook_secret, "orders/paid", { ...order, financial_status: "paid" })).status).toBe(200);
    expect((await sendShopifyWebhook(store.id, store.webhook_secret, "orders/paid", { ...order, financial_status: "paid" })).status).toBe(200);
    const paid = await getSequence(store.secret_key, sequence.id);
    expect(paid.status).toBe("recovered");
    expect(paid.timeline.filter((e: any) => e.type === "sequence_recovered")).toHaveLength(1);
    const stats = await analytics(store.secret_key);
    expect(stats.recovered_sequences).toBe(1);
    expect(stats.recovered_revenue).toBeCloseTo(59.9);
  });

  it("an API order says so with financial_status, paid by default", async () => {
    clock = useFakeClock();
    const { store, payload } = await storeWithSentEmail(clock);
    clock.at(3 * second);
    const pending = await postOrder(store.secret_key, { order_id: "6001", cart_token: payload.cart_token, total_price: "10.00", currency: "USD", financial_status: "pending" });
    expect(pending).toMatchObject({ recovered: false, sequence: { status: "stopped" } });
    const paid = await postOrder(store.secret_key, { order_id: "6001", cart_token: payload.cart_token, total_price: "10.00", currency: "USD" });
    expect(paid).toMatchObject({ recovered: true, sequence: { status: "recovered" } });
  });
});

describe("refunds", () => {
  it("lower recovered revenue once per refund id, never below zero, from the API and from Shopify", async () => {
    clock = useFakeClock();
    const { store, payload } = await storeWithSentEmail(clock);
    clock.at(3 * second);
    await postOrder(store.secret_key, { order_id: "7001", cart_token: payload.cart_token, total_price: "59.90", currency: "USD" });

    const refund = { order_id: "7001", refund_id: "r-1", amount: "20.00", currency: "USD" };
    expect(await json(postRefund(store.secret_key, refund))).toEqual({ order_id: "7001", refund_id: "r-1", counted: true });
    expect(await json(postRefund(store.secret_key, refund))).toEqual({ order_id: "7001", refund_id: "r-1", counted: false });
    expect((await analytics(store.secret_key)).recovered_revenue).toBeCloseTo(39.9);

    const shopifyRefund = {
      id: 929361462,
      order_id: 7001,
      transactions: [
        { id: 1, kind: "refund", status: "success", amount: "100.00", currency: "USD" },
        { id: 2, kind: "refund", status: "failure", amount: "5.00", currency: "USD" },
      ],
    };
    expect((await sendShopifyWebhook(store.id, store.webhook_secret, "refunds/create", shopifyRefund)).status).toBe(200);
    const stats = await analytics(store.secret_key);
    expect(stats.recovered_revenue).toBe(0);
    expect(stats.recovered_sequences).toBe(1);
  });

  it("of an order Reva did not recover changes nothing; bad input is a 422 naming the field", async () => {
    clock = useFakeClock();
    const { store } = await storeWithSentEmail(clock);
    expect(await json(postRefund(store.secret_key, { order_id: "nope", refund_id: "r-9", amount: 5, currency: "USD" }))).toMatchObject({ counted: false });
    const bad = await postRefund(store.secret_key, { order_id: "x", refund_id: "r-10", amount: "-3", currency: "USD" });
    expect(bad.status).toBe(422);
    expect((await bad.json<any>()).errors.map((e: any) => e.field)).toContain("amount");
  });
});

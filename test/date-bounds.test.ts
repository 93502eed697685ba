import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createStore, json, postCart, request } from "./helpers/api";
import { sendShopifyWebhook, shopifyCheckout } from "./helpers/shopify";

const count = async (sql: string, ...params: unknown[]) =>
  (await env.DB.prepare(sql).bind(...params).first<{ n: number }>())?.n;

async function expectFields(response: Response, fields: string[]) {
  expect(response.status).toBe(422);
  expect((await response.json<any>()).errors.map((e: any) => e.field)).toEqual(fields);
}

const DAY_MS = 86_400_000;
const OUT_OF_RANGE = ["9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "1999-12-31T23:59:59Z", () => new Date(Date.now() + 2 * DAY_MS).toISOString()];
const outOfRange = () => OUT_OF_RANGE.map((d) => (typeof d === "function" ? d() : d));

describe("every date is bounded: 2000 up to a day from now (issue 9.10)", () => {
  it("refuses a cart dated in year 9999 or 0 without touching its sequence, and the widget still serves that cart", async () => {
    const store = await createStore();
    const { payload, sequence } = await postCart(store.secret_key);
    const row = () => env.DB.prepare("SELECT cart, steps, version FROM sequences WHERE id = ?").bind(sequence.id).first();
    const before = await row();
    for (const updated_at of outOfRange()) {
      const response = await request("/api/v1/carts", { method: "POST", key: store.secret_key, json: { ...payload, updated_at, total_price: "1.00" } });
      await expectFields(response, ["updated_at"]);
    }
    expect(await row()).toEqual(before);
    const session = await request(`/api/v1/widget/session?key=${store.publishable_key}`, {
      method: "POST",
      json: { visitor_id: "v-1", cart_token: payload.cart_token },
    });
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ popup: null });
    // The sequence still has its schedule: a plausible update is taken as before.
    expect((await request("/api/v1/carts", { method: "POST", key: store.secret_key, json: { ...payload, updated_at: new Date().toISOString() } })).status).toBe(200);
  });

  it("refuses an order dated out of range and records nothing", async () => {
    const store = await createStore();
    for (const created_at of outOfRange()) {
      const order = { order_id: `o-${created_at}`, email: "a@example.com", total_price: "10.00", currency: "USD", created_at };
      await expectFields(await request("/api/v1/orders", { method: "POST", key: store.secret_key, json: order }), ["created_at"]);
    }
    expect(await count("SELECT count(*) AS n FROM orders WHERE store_id = ?", store.id)).toBe(0);
  });

  it("refuses Shopify checkouts and orders dated out of range, storing nothing", async () => {
    const store = await createStore();
    for (const date of outOfRange()) {
      await expectFields(await sendShopifyWebhook(store.id, store.webhook_secret, "checkouts/create", shopifyCheckout({ updated_at: date })), ["updated_at"]);
      const order = { id: 1, email: "a@example.com", total_price: "1.00", currency: "USD", created_at: date };
      await expectFields(await sendShopifyWebhook(store.id, store.webhook_secret, "orders/create", order), ["created_at"]);
    }
    expect(await count("SELECT count(*) AS n FROM carts WHERE store_id = ?", store.id)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM orders WHERE store_id = ?", store.id)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM webhook_receipts WHERE store_id = ?", store.id)).toBe(0);
  });

  it("bounds the analytics range", async () => {
    const store = await createStore();
    await expectFields(await request("/api/v1/recovery/analytics?from=0000-01-01", { key: store.secret_key }), ["from"]);
    await expectFields(await request("/api/v1/recovery/analytics?to=9999-12-31", { key: store.secret_key }), ["to"]);
    await expectFields(await request("/api/v1/recovery/analytics?from=9999-12-31T00:00:00Z", { key: store.secret_key }), ["from"]);
    const fine = await json(request("/api/v1/recovery/analytics?from=2024-01-01&to=2024-01-31", { key: store.secret_key }));
    expect(fine.total_sequences).toBe(0);
  });
});

import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createStore, json, request } from "./helpers/api";
import { sendShopifyWebhook, shopifyCheckout } from "./helpers/shopify";

async function count(sql: string, ...params: unknown[]) {
  return (await env.DB.prepare(sql).bind(...params).first<{ n: number }>())?.n;
}

describe("Shopify webhooks", () => {
  it("maps a signed checkout to a cart and starts its sequence", async () => {
    const store = await createStore();
    const checkout = shopifyCheckout();
    const response = await sendShopifyWebhook(store.id, store.webhook_secret, "checkouts/create", checkout);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "processed" });

    const list = await json(request("/api/v1/recovery/sequences", { key: store.secret_key }));
    expect(list.data).toHaveLength(1);
    const { cart } = list.data[0];
    expect(cart).toMatchObject({ token: checkout.token, customer_email: "buyer@example.com", total_price: "398.00", currency: "CAD" });
    expect(cart.checkout_url).toBe(checkout.abandoned_checkout_url);
    expect(cart.items).toEqual([
      { id: "li-1", title: "IPod Nano - 8gb", variant_title: "green", price: "199.00", quantity: 2, image_url: null },
    ]);
  });

  it("rejects a forged signature with 401 and stores nothing", async () => {
    const store = await createStore();
    const response = await sendShopifyWebhook(store.id, store.webhook_secret, "checkouts/create", shopifyCheckout(), {
      signature: btoa("x".repeat(32)),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const wrongSecret = await sendShopifyWebhook(store.id, "whsec_other", "checkouts/create", shopifyCheckout());
    expect(wrongSecret.status).toBe(401);
    const garbage = await sendShopifyWebhook(store.id, store.webhook_secret, "checkouts/create", shopifyCheckout(), { signature: "%%%" });
    expect(garbage.status).toBe(401);
    expect(await count("SELECT count(*) AS n FROM carts WHERE store_id = ?", store.id)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM webhook_receipts WHERE store_id = ?", store.id)).toBe(0);
  });

  it("answers an unknown store exactly like a bad signature", async () => {
    const store = await createStore();
    const badSignature = await sendShopifyWebhook(store.id, "whsec_x", "checkouts/create", shopifyCheckout());
    const unknownStore = await sendShopifyWebhook("store_nope", "whsec_x", "checkouts/create", shopifyCheckout());
    expect(unknownStore.status).toBe(401);
    expect([unknownStore.status, unknownStore.headers.get("content-type"), await unknownStore.text()]).toEqual([
      badSignature.status,
      badSignature.headers.get("content-type"),
      await badSignature.text(),
    ]);
  });

  it("acknowledges a replayed webhook id without processing it again", async () => {
    const store = await createStore();
    const checkout = shopifyCheckout();
    const first = await sendShopifyWebhook(store.id, store.webhook_secret, "checkouts/create", checkout, { webhookId: "wh-1" });
    expect(await first.json()).toEqual({ status: "processed" });
    const changed = { ...checkout, total_price: "1.00", updated_at: new Date(Date.now() + 60_000).toISOString() };
    const replay = await sendShopifyWebhook(store.id, store.webhook_secret, "checkouts/update", changed, { webhookId: "wh-1" });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ status: "duplicate" });
    const list = await json(request("/api/v1/recovery/sequences", { key: store.secret_key }));
    expect(list.data[0].cart.total_price).toBe("398.00");
  });

  it("stops the sequence on orders/create found through the checkout token", async () => {
    const store = await createStore();
    const checkout = shopifyCheckout();
    await sendShopifyWebhook(store.id, store.webhook_secret, "checkouts/create", checkout);
    const order = { id: 820982911946154500, checkout_token: checkout.token, cart_token: checkout.cart_token, email: "buyer@example.com", total_price: "398.00", currency: "CAD" };
    const response = await sendShopifyWebhook(store.id, store.webhook_secret, "orders/create", order);
    expect(await response.json()).toEqual({ status: "processed" });
    const list = await json(request("/api/v1/recovery/sequences", { key: store.secret_key }));
    expect(list.data[0]).toMatchObject({ status: "stopped", stopped_reason: "order_placed" });
    expect(await count("SELECT count(*) AS n FROM orders WHERE store_id = ? AND order_id = ?", store.id, "820982911946154500")).toBe(1);
  });

  it("finds the checkout through its cart token when the order has no checkout token", async () => {
    const store = await createStore();
    const checkout = shopifyCheckout();
    await sendShopifyWebhook(store.id, store.webhook_secret, "checkouts/create", checkout);
    const order = { id: 1, cart_token: checkout.cart_token, total_price: "398.00", currency: "CAD" };
    await sendShopifyWebhook(store.id, store.webhook_secret, "orders/create", order);
    const list = await json(request("/api/v1/recovery/sequences", { key: store.secret_key }));
    expect(list.data[0]).toMatchObject({ status: "stopped", stopped_reason: "order_placed" });
    expect(await count("SELECT count(*) AS n FROM orders WHERE store_id = ? AND order_id = ?", store.id, "1")).toBe(1);
  });

  it("acknowledges unknown topics and rejects invalid payloads of known ones", async () => {
    const store = await createStore();
    const ignored = await sendShopifyWebhook(store.id, store.webhook_secret, "products/update", { id: 1 });
    expect(await ignored.json()).toEqual({ status: "ignored" });
    const invalid = await sendShopifyWebhook(store.id, store.webhook_secret, "checkouts/create", { token: "t" });
    expect(invalid.status).toBe(422);
    const problem = await invalid.json<any>();
    expect(problem.errors.map((e: any) => e.field)).toEqual(expect.arrayContaining(["line_items", "abandoned_checkout_url"]));
    expect(await count("SELECT count(*) AS n FROM carts WHERE store_id = ?", store.id)).toBe(0);
  });
});

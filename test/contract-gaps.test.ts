import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { cartPayload, createStore, patchSettings, postCart, request } from "./helpers/api";
import { sendShopifyWebhook, shopifyCheckout, shopifySignature } from "./helpers/shopify";

const count = async (sql: string, ...params: unknown[]) =>
  (await env.DB.prepare(sql).bind(...params).first<{ n: number }>())?.n;

async function expectProblem(response: Response, status: number, fields?: string[]) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const problem = await response.json<any>();
  expect(problem.status).toBe(status);
  if (fields) expect(problem.errors.map((e: any) => e.field)).toEqual(fields);
}

const storedRows = async (storeId: string) => ({
  carts: await count("SELECT count(*) AS n FROM carts WHERE store_id = ?", storeId),
  sequences: await count("SELECT count(*) AS n FROM sequences WHERE store_id = ?", storeId),
  orders: await count("SELECT count(*) AS n FROM orders WHERE store_id = ?", storeId),
  receipts: await count("SELECT count(*) AS n FROM webhook_receipts WHERE store_id = ?", storeId),
});
const NOTHING = { carts: 0, sequences: 0, orders: 0, receipts: 0 };

describe("contract gaps (issue 9.12)", () => {
  it("a Shopify webhook without its HMAC header is 401, whatever else is missing", async () => {
    const store = await createStore();
    const body = JSON.stringify(shopifyCheckout());
    const headers = { "content-type": "application/json", "x-shopify-topic": "checkouts/create", "x-shopify-webhook-id": "w-1" };
    await expectProblem(await request(`/webhooks/shopify/${store.id}`, { method: "POST", body, headers }), 401);
    await expectProblem(await request(`/webhooks/shopify/${store.id}`, { method: "POST", body, headers: { "content-type": "application/json" } }), 401);
    await expectProblem(await request(`/webhooks/shopify/${store.id}`, { method: "POST", body, headers: { ...headers, "x-shopify-hmac-sha256": "" } }), 401);
    expect(await storedRows(store.id)).toEqual(NOTHING);
  });

  it("a body that is not JSON, or not sent as JSON, is 415 problem+json and stores nothing", async () => {
    const store = await createStore();
    const cart = JSON.stringify(cartPayload());
    const post = (body: BodyInit, contentType?: string) =>
      request("/api/v1/carts", { method: "POST", key: store.secret_key, body, headers: contentType ? { "content-type": contentType } : {} });
    await expectProblem(await post(cart, "text/plain"), 415);
    await expectProblem(await post(cart, "application/x-www-form-urlencoded"), 415);
    await expectProblem(await post("cart_token=a&currency=USD", "application/x-www-form-urlencoded"), 415);
    await expectProblem(await post("{ not json", "application/json"), 415);
    // No body at all is a missing body (400), not a body in another format.
    await expectProblem(await post("", "application/json"), 400);
    await expectProblem(await post(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), "application/json"), 415);
    await expectProblem(await request("/api/v1/store/settings", { method: "PATCH", key: store.secret_key, body: '{"from_name":"x"}', headers: { "content-type": "text/plain" } }), 415);
    expect(await storedRows(store.id)).toEqual(NOTHING);
    // The JSON content type on a request without a body (a GET from many clients) is no problem.
    expect((await request("/api/v1/store/settings", { key: store.secret_key, headers: { "content-type": "application/json" } })).status).toBe(200);
  });

  it("a malformed pagination cursor is 400, a real one pages", async () => {
    const store = await createStore();
    for (const cursor of ["garbage", "seq_' OR 1=1 --", "seq_", "%E2%80%AE", "store_01J0000000000000000000000Z"]) {
      await expectProblem(await request(`/api/v1/recovery/sequences?cursor=${encodeURIComponent(cursor)}`, { key: store.secret_key }), 400, ["cursor"]);
    }
    await postCart(store.secret_key);
    await postCart(store.secret_key);
    const first = await request("/api/v1/recovery/sequences?limit=1", { key: store.secret_key }).then((r) => r.json<any>());
    const second = await request(`/api/v1/recovery/sequences?limit=1&cursor=${first.next_cursor}`, { key: store.secret_key }).then((r) => r.json<any>());
    expect(second.data).toHaveLength(1);
    expect(second.data[0].id).not.toBe(first.data[0].id);
  });

  it("NUL and lone surrogates are refused in any string, naming the field, and nothing is stored", async () => {
    const store = await createStore();
    const cases: [string, string[]][] = [
      [JSON.stringify(cartPayload({ first_name: "Eve\u0000" })), ["first_name"]],
      [JSON.stringify(cartPayload({ items: [{ id: "a", title: "Mug\ud800", price: "1.00", quantity: 1 }] })), ["items.0.title"]],
      [JSON.stringify(cartPayload({ cart_token: "\udfff" })), ["cart_token"]],
      [JSON.stringify({ ...cartPayload(), "evil\u0000": 1 }), ["evil\ufffd"]],
      // Written as JSON escapes, as a client would send them.
      [JSON.stringify(cartPayload()).replace('"Linen shirt"', '"Linen \\u0000shirt"'), ["items.0.title"]],
      [JSON.stringify(cartPayload()).replace('"Linen shirt"', '"Linen \\ud83dshirt"'), ["items.0.title"]],
    ];
    for (const [body, fields] of cases) {
      await expectProblem(await request("/api/v1/carts", { method: "POST", key: store.secret_key, body, headers: { "content-type": "application/json" } }), 422, fields);
    }
    // A paired surrogate is an ordinary emoji.
    expect((await request("/api/v1/carts", { method: "POST", key: store.secret_key, json: cartPayload({ first_name: "Eve \ud83d\ude00" }) })).status).toBe(200);
    await expectProblem(await request("/api/v1/recovery/sequences?status=%00", { key: store.secret_key }), 422, ["status"]);
    await expectProblem(await request("/api/v1/recovery/sequences/seq%00", { key: store.secret_key }), 400);
    await expectProblem(
      await request(`/api/v1/widget/events?key=${store.publishable_key}`, { method: "POST", body: '{"visitor_id":"v\\u0000","sequence_id":"s","event":"shown"}' }),
      422,
      ["visitor_id"],
    );
    const signed = JSON.stringify(shopifyCheckout()).replace('"IPod Nano - 8gb"', '"IPod \\u0000Nano"');
    const webhook = await request(`/webhooks/shopify/${store.id}`, {
      method: "POST",
      body: signed,
      headers: { "content-type": "application/json", "x-shopify-topic": "checkouts/create", "x-shopify-webhook-id": "w-nul", "x-shopify-hmac-sha256": await shopifySignature(store.webhook_secret, signed) },
    });
    await expectProblem(webhook, 422, ["line_items.0.title"]);
    expect(await count("SELECT count(*) AS n FROM sequences WHERE store_id = ?", store.id)).toBe(1);
    expect(await count("SELECT count(*) AS n FROM webhook_receipts WHERE store_id = ?", store.id)).toBe(0);
  });

  it("widget CORS accepts the store's domains over https only (http for localhost outside production)", async () => {
    const store = await createStore();
    const settings = await patchSettings(store.secret_key, { domains: ["shop.cors.example.com", "localhost:8787"] });
    expect(settings.domains).toContain("localhost:8787");
    const preflight = (origin: string) =>
      request(`/api/v1/widget/session?key=${store.publishable_key}`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST" } });
    const allowed = await preflight("https://shop.cors.example.com");
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://shop.cors.example.com");
    for (const origin of ["http://shop.cors.example.com", "ws://shop.cors.example.com", "null", "https://shop.cors.example.com.evil.net"]) {
      const refused = await preflight(origin);
      expect(refused.status).toBe(403);
      expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    }
    // REVA_ENV is "test" here: a local storefront over http is allowed while developing.
    expect((await preflight("http://localhost:8787")).headers.get("access-control-allow-origin")).toBe("http://localhost:8787");
  });

  it("a Shopify body whose shape does not match its topic is refused, and nothing is stored", async () => {
    const store = await createStore();
    const checkout = shopifyCheckout();
    const order = { id: 5, checkout_token: checkout.token, email: "buyer@example.com", total_price: "1.00", currency: "CAD", financial_status: "paid" };
    const refund = { id: 9, order_id: 5, transactions: [{ kind: "refund", status: "success", amount: "1.00", currency: "CAD" }] };
    const swaps: [string, unknown][] = [
      ["orders/create", checkout],
      ["orders/paid", checkout],
      ["checkouts/create", order],
      ["checkouts/update", refund],
      ["refunds/create", order],
      ["orders/paid", refund],
    ];
    for (const [topic, body] of swaps) {
      const response = await sendShopifyWebhook(store.id, store.webhook_secret, topic, body);
      expect(response.status).toBe(422);
    }
    expect(await storedRows(store.id)).toEqual(NOTHING);
    // Unknown topics are still acknowledged and ignored.
    expect(await (await sendShopifyWebhook(store.id, store.webhook_secret, "products/update", checkout)).json()).toEqual({ status: "ignored" });
  });
});

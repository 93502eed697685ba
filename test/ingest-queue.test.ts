import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../worker/index";
import { createStore, json, request, type StoreKeys } from "./helpers/api";
import { d1FailingProjections, deliver } from "./helpers/queue";
import { getSequence } from "./helpers/sequences";
import { postShopifyWebhook, shopifyCheckout, shopifyWebhookInit, webhookApplied } from "./helpers/shopify";
import { storeState } from "./helpers/store-state";

/**
 * Webhook-first ingestion (issue 11.1): a Shopify webhook is answered once it is verified,
 * deduplicated, validated and queued; the ingest queue's consumer applies it to its cart. Most
 * tests here run the Worker with the ingest queue captured, so the test is the queue: it decides
 * which messages arrive together, in which order, and how often.
 */

type Captured = { response: Response; messages: unknown[] };

/** Posts a signed webhook to the Worker with INGEST_QUEUE replaced by one that keeps what is sent (or fails, when told to). */
async function capture(store: StoreKeys, topic: string, payload: unknown, options: { webhookId?: string; signature?: string; queueDown?: boolean } = {}): Promise<Captured> {
  const messages: unknown[] = [];
  const queue = {
    send: async (body: unknown) => {
      if (options.queueDown) throw new Error("queue unavailable");
      messages.push(structuredClone(body));
    },
  };
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    new Request(`https://reva.test/webhooks/shopify/${store.id}`, await shopifyWebhookInit(store.webhook_secret, topic, payload, options)),
    { ...env, INGEST_QUEUE: queue } as unknown as Env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { response, messages };
}

const ingest = (bodies: unknown[], options: { attempts?: number; envOverrides?: Record<string, unknown> } = {}) => deliver(bodies, { queue: "reva-ingest", ...options });

async function sequencesOf(store: StoreKeys) {
  return (await json(request("/api/v1/recovery/sequences", { key: store.secret_key }))).data as any[];
}

const receipts = async (storeId: string) =>
  (await env.DB.prepare("SELECT webhook_id, applied_at FROM webhook_receipts WHERE store_id = ? ORDER BY webhook_id").bind(storeId).all()).results;

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe("webhook-first ingestion", () => {
  it("acknowledges a checkout once it is queued, and its sequence appears when the consumer has applied it", async () => {
    const store = await createStore();
    const checkout = shopifyCheckout();
    const { response, messages } = await capture(store, "checkouts/create", checkout, { webhookId: "wh-1" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "processed" });
    // Queued, not applied: no sequence yet, the receipt waits.
    expect(messages).toEqual([expect.objectContaining({ kind: "cart", store_id: store.id, topic: "checkouts/create", webhook_id: "wh-1" })]);
    expect(await sequencesOf(store)).toEqual([]);
    expect(await receipts(store.id)).toEqual([{ webhook_id: "wh-1", applied_at: null }]);

    const result = await ingest(messages);
    expect(result.explicitAcks).toHaveLength(1);
    const [sequence] = await sequencesOf(store);
    expect(sequence).toMatchObject({ status: "active", cart: { token: checkout.token, total_price: "398.00", currency: "CAD" } });
    expect((await receipts(store.id))[0]!.applied_at).not.toBeNull();
  });

  it("retries a delivery whose carts' projection failed, and the redelivery writes the sequences the objects already hold", async () => {
    const store = await createStore();
    const checkout = shopifyCheckout();
    const { messages } = await capture(store, "checkouts/create", checkout, { webhookId: "wh-lost-projection" });
    const failed = await ingest(messages, { envOverrides: { DB: d1FailingProjections(env.DB) } });
    expect(failed.retryMessages).toHaveLength(1);
    expect(await sequencesOf(store)).toEqual([]);
    expect(await receipts(store.id)).toEqual([{ webhook_id: "wh-lost-projection", applied_at: null }]);

    // The object took the checkout the first time: the redelivery finds nothing new, and is handed the whole state.
    expect((await ingest(messages, { attempts: 2 })).explicitAcks).toHaveLength(1);
    const [listed] = await sequencesOf(store);
    expect(listed).toMatchObject({ status: "active", cart: { token: checkout.token, total_price: "398.00" } });
    const sequence = await getSequence(store.secret_key, listed.id);
    expect(sequence.timeline.map((e: any) => e.type)).toContain("sequence_started");
    expect((await receipts(store.id))[0]!.applied_at).not.toBeNull();
  });

  it("runs through the runtime's own queue too: the sequence appears once the consumer has run", async () => {
    const store = await createStore();
    const checkout = shopifyCheckout();
    const response = await postShopifyWebhook(store.id, store.webhook_secret, "checkouts/create", checkout, { webhookId: "wh-rt" });
    expect(await response.json()).toEqual({ status: "processed" });
    await webhookApplied(store.id, "wh-rt");
    expect((await sequencesOf(store)).map((s) => s.cart.token)).toEqual([checkout.token]);
  });

  it("acknowledges a replay and queues nothing for it", async () => {
    const store = await createStore();
    const checkout = shopifyCheckout();
    const first = await capture(store, "checkouts/create", checkout, { webhookId: "wh-1" });
    await ingest(first.messages);
    const before = await storeState(store.id);
    const replay = await capture(store, "checkouts/update", { ...checkout, total_price: "1.00", updated_at: new Date().toISOString() }, { webhookId: "wh-1" });
    expect(await replay.response.json()).toEqual({ status: "duplicate" });
    expect(replay.messages).toEqual([]);
    expect(await storeState(store.id)).toEqual(before);
  });

  it("refuses a bad signature (401) and a bad payload (422 naming the field) with nothing stored and nothing queued", async () => {
    const store = await createStore();
    const forged = await capture(store, "checkouts/create", shopifyCheckout(), { signature: btoa("x".repeat(32)) });
    expect(forged.response.status).toBe(401);
    const invalid = await capture(store, "checkouts/create", { ...shopifyCheckout(), abandoned_checkout_url: "javascript:alert(1)" });
    expect(invalid.response.status).toBe(422);
    expect((await invalid.response.json<any>()).errors.map((e: any) => e.field)).toEqual(["abandoned_checkout_url"]);
    expect([...forged.messages, ...invalid.messages]).toEqual([]);
    expect(await receipts(store.id)).toEqual([]);
  });

  it("answers 5xx and keeps no receipt when the webhook cannot be queued, so Shopify's retry is taken", async () => {
    const store = await createStore();
    const checkout = shopifyCheckout();
    const down = await capture(store, "checkouts/create", checkout, { webhookId: "wh-retry", queueDown: true });
    expect(down.response.status).toBeGreaterThanOrEqual(500);
    expect(await receipts(store.id)).toEqual([]);
    const retry = await capture(store, "checkouts/create", checkout, { webhookId: "wh-retry" });
    expect(await retry.response.json()).toEqual({ status: "processed" });
    expect(retry.messages).toHaveLength(1);
  });

  it("keeps a checkout/update from being overtaken: an update first acts as the create, the late create changes nothing, in one batch or two, delivered twice", async () => {
    const store = await createStore();
    const created = shopifyCheckout({ updated_at: minutesAgo(10), total_price: "398.00" });
    const updated = { ...created, total_price: "199.00", line_items: [{ ...created.line_items[0], quantity: 1 }], updated_at: minutesAgo(5) };
    const create = (await capture(store, "checkouts/create", created)).messages;
    const update = (await capture(store, "checkouts/update", updated)).messages;

    await ingest([...update, ...create]);
    const [sequence] = await sequencesOf(store);
    expect(sequence.cart.total_price).toBe("199.00");
    const once = await storeState(store.id);
    // Redelivered whole, and the create again on its own: nothing changes.
    await ingest([...update, ...create], { attempts: 2 });
    await ingest(create, { attempts: 3 });
    expect(await storeState(store.id)).toEqual(once);
    expect(await sequencesOf(store)).toHaveLength(1);

    // Across deliveries the other way round: the same outcome.
    const other = await createStore();
    const otherCreated = shopifyCheckout({ updated_at: minutesAgo(10) });
    const otherCreate = (await capture(other, "checkouts/create", otherCreated)).messages;
    const otherUpdate = (await capture(other, "checkouts/update", { ...otherCreated, total_price: "5.00", updated_at: minutesAgo(5) })).messages;
    await ingest(otherUpdate);
    await ingest(otherCreate);
    expect((await sequencesOf(other))[0].cart.total_price).toBe("5.00");
  });

  it("lets an order that comes before its checkout stop the sequence the checkout starts, in one batch and across deliveries, delivered twice", async () => {
    const store = await createStore();
    const checkout = shopifyCheckout({ updated_at: minutesAgo(10) });
    const order = { id: 5150, checkout_token: checkout.token, email: "buyer@example.com", total_price: "398.00", currency: "CAD", financial_status: "paid" };
    const orderMessage = (await capture(store, "orders/create", order)).messages;
    const checkoutMessage = (await capture(store, "checkouts/create", checkout)).messages;

    await ingest([...orderMessage, ...checkoutMessage]);
    const [sequence] = await sequencesOf(store);
    expect(sequence).toMatchObject({ status: "stopped", stopped_reason: "order_placed" });
    expect(sequence.steps.every((step: any) => step.status !== "sent")).toBe(true);
    // Delivered again: the second time the order finds its cart in D1 and links its row to the
    // sequence (the row could not name it before the checkout came); nothing else changes.
    const { orders: _, ...once } = await storeState(store.id);
    await ingest([...orderMessage, ...checkoutMessage], { attempts: 2 });
    const { orders, ...again } = await storeState(store.id);
    expect(again).toEqual(once);
    expect(orders).toEqual([expect.objectContaining({ order_id: "5150", paid: 1 })]);

    // The order in one delivery, its checkout in a later one.
    const other = await createStore();
    const laterCheckout = shopifyCheckout({ updated_at: minutesAgo(10) });
    const early = (await capture(other, "orders/paid", { ...order, checkout_token: laterCheckout.token })).messages;
    const late = (await capture(other, "checkouts/create", laterCheckout)).messages;
    await ingest(early);
    expect(await sequencesOf(other)).toEqual([]);
    await ingest(late);
    const [stopped] = await sequencesOf(other);
    expect(stopped).toMatchObject({ status: "stopped", stopped_reason: "order_placed" });
    const detail = await getSequence(other.secret_key, stopped.id);
    expect(detail.timeline.map((e: any) => e.type)).toEqual(["sequence_started", "sequence_stopped"]);
  });

  it("retries a message the consumer cannot apply, with backoff, then keeps it as a dead letter the merchant sees", async () => {
    const store = await createStore();
    const { messages } = await capture(store, "checkouts/create", shopifyCheckout(), { webhookId: "wh-dead" });
    const objectsDown = {
      CART_SEQUENCE: {
        idFromName: () => {
          throw new Error("Durable Objects unavailable");
        },
      },
    };
    for (const attempts of [1, 2, 3]) {
      const result = await ingest(messages, { attempts, envOverrides: objectsDown });
      expect(result.retryMessages, `attempt ${attempts}`).toHaveLength(1);
      expect(result.explicitAcks).toEqual([]);
    }
    expect(await receipts(store.id)).toEqual([{ webhook_id: "wh-dead", applied_at: null }]);

    // Retries exhausted: the queue hands it to reva-ingest-dlq, whose consumer keeps it.
    const dead = await deliver(messages, { queue: "reva-ingest-dlq" });
    expect(dead.explicitAcks).toHaveLength(1);
    const letters = (await json(request("/api/v1/dead-letters", { key: store.secret_key }))).data;
    expect(letters).toEqual([
      expect.objectContaining({ queue: "reva-ingest-dlq", body: expect.objectContaining({ kind: "cart", topic: "checkouts/create", webhook_id: "wh-dead", store_id: store.id }) }),
    ]);
    const other = await createStore();
    expect((await json(request("/api/v1/dead-letters", { key: other.secret_key }))).data).toEqual([]);
  });

  it("applies a checkout too large for a queue message in its request, as before the queue", async () => {
    const store = await createStore();
    const item = { title: "A very long product title ".repeat(18), price: "1.00", quantity: 1 };
    const checkout = shopifyCheckout({ line_items: Array.from({ length: 400 }, (_, i) => ({ ...item, key: `li-${i}` })), total_price: "400.00" });
    const { response, messages } = await capture(store, "checkouts/create", checkout, { webhookId: "wh-big" });
    expect(await response.json()).toEqual({ status: "processed" });
    expect(messages).toEqual([]);
    const [sequence] = await sequencesOf(store);
    expect(sequence.cart.items).toHaveLength(400);
    expect((await receipts(store.id))[0]!.applied_at).not.toBeNull();
  });
});

import { claimReceipt, releaseReceipt } from "../db/webhook-receipts";
import type { Store } from "../db/stores";
import { AppError } from "../domain/errors";
import type { IngestMessage } from "../domain/ingest-message";
import { parseJsonText } from "../domain/parse-json";
import { shopifyRefundSchema, verifyShopifyHmac } from "../integrations/shopify";
import { forStore, type WorkerContext } from "./context";
import { queueIngest } from "./ingest";
import { cartFromCheckout, checkoutPayloadSchema, orderFromShopify, orderPayloadSchema, refundFromShopify } from "./shopify-mapping";
import { shopifyWebhookKeys } from "./shopify-webhook-keys";
import { storeById } from "./store-auth";

export type ShopifyWebhook = { storeId: string; topic: string; hmac: string; webhookId: string; body: Uint8Array; origin: string };
export type ShopifyWebhookStatus = "processed" | "duplicate" | "ignored";

const unauthorized = () => new AppError("unauthorized", "X-Shopify-Hmac-Sha256 does not match the body");

/**
 * A Shopify webhook, verified against the store's secret over the raw body and validated, then
 * queued for its cart (services/ingest): checkouts start or update carts, orders stop the
 * shopper's sequences, refunds lower recovered revenue. The answer does not wait for that work,
 * so Shopify's 5 s limit holds through any burst; what it promises is that the webhook is safely
 * queued. A webhook id seen before is acknowledged and skipped; an unknown topic is acknowledged.
 */
export async function receiveShopifyWebhook(ctx: WorkerContext, webhook: ShopifyWebhook): Promise<ShopifyWebhookStatus> {
  // Cached per isolate: webhooks come in bursts, and a rotated secret reaches the cache within seconds.
  const store = await storeById(ctx, webhook.storeId, { cached: true });
  // An unknown store answers exactly like a bad signature, so store ids cannot be probed.
  if (!store) throw unauthorized();
  const keys = await shopifyWebhookKeys(ctx, store);
  const matches = await Promise.all(keys.map((key) => verifyShopifyHmac(key, webhook.body, webhook.hmac)));
  if (!matches.includes(true)) throw unauthorized();
  if (!isIngestTopic(webhook.topic)) return "ignored";

  const receivedAt = new Date();
  const message = ingestMessage(store, webhook, webhook.topic, receivedAt);
  const storeCtx = forStore(ctx, store);
  const receipt = { storeId: store.id, webhookId: webhook.webhookId, receivedAt: receivedAt.toISOString() };
  if (!(await claimReceipt(storeCtx.db, receipt))) return "duplicate";
  try {
    await queueIngest(storeCtx, message);
  } catch (error) {
    // Not queued: the claim is given back, so Shopify's retry of this webhook is taken, not called a replay.
    await releaseReceipt(storeCtx.db, store.id, webhook.webhookId);
    throw error;
  }
  return "processed";
}

const INGEST_TOPICS = ["checkouts/create", "checkouts/update", "orders/create", "orders/paid", "refunds/create"] as const;
type IngestTopic = (typeof INGEST_TOPICS)[number];
const isIngestTopic = (topic: string): topic is IngestTopic => (INGEST_TOPICS as readonly string[]).includes(topic);

/** The webhook's body validated (422 naming the field) and mapped to what its cart applies, before anything is queued. */
function ingestMessage(store: Store, webhook: ShopifyWebhook, topic: IngestTopic, receivedAt: Date): IngestMessage {
  const text = new TextDecoder().decode(webhook.body);
  const source = { store_id: store.id, topic, webhook_id: webhook.webhookId, received_at: receivedAt.toISOString() };
  switch (topic) {
    case "checkouts/create":
    case "checkouts/update":
      return { kind: "cart", ...source, origin: webhook.origin, cart: cartFromCheckout(parseJsonText(text, checkoutPayloadSchema), receivedAt) };
    case "orders/create":
    case "orders/paid":
      return { kind: "order", ...source, order: orderFromShopify(parseJsonText(text, orderPayloadSchema), topic, receivedAt) };
    case "refunds/create":
      return { kind: "refund", ...source, refund: refundFromShopify(parseJsonText(text, shopifyRefundSchema), store.settings.currency) };
  }
}

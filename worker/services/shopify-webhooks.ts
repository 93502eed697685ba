import { hasReceipt, saveReceipt } from "../db/webhook-receipts";
import { AppError } from "../domain/errors";
import { parseJsonText } from "../domain/parse-json";
import { shopifyRefundSchema, verifyShopifyHmac } from "../integrations/shopify";
import { ingestCart } from "./carts";
import { forStore, type WorkerContext } from "./context";
import { placeOrder, recordRefund } from "./orders";
import { cartFromCheckout, checkoutPayloadSchema, orderFromShopify, orderPayloadSchema, refundFromShopify } from "./shopify-mapping";
import { storeById } from "./store-auth";
import { liveWebhookSecrets } from "./keys";

export type ShopifyWebhook = { storeId: string; topic: string; hmac: string; webhookId: string; body: Uint8Array; origin: string };
export type ShopifyWebhookStatus = "processed" | "duplicate" | "ignored";

const unauthorized = () => new AppError("unauthorized", "X-Shopify-Hmac-Sha256 does not match the body");

/**
 * A Shopify webhook, verified against the store's secret over the raw body: checkouts start or
 * update carts, orders stop the shopper's sequences, refunds lower recovered revenue. A webhook id seen before is acknowledged and skipped.
 */
export async function receiveShopifyWebhook(ctx: WorkerContext, webhook: ShopifyWebhook): Promise<ShopifyWebhookStatus> {
  const store = await storeById(ctx, webhook.storeId);
  // An unknown store answers exactly like a bad signature, so store ids cannot be probed.
  if (!store) throw unauthorized();
  const secrets = await liveWebhookSecrets(ctx, store);
  const matches = await Promise.all(secrets.map((secret) => verifyShopifyHmac(secret, webhook.body, webhook.hmac)));
  if (!matches.includes(true)) throw unauthorized();
  const storeCtx = forStore(ctx, store);
  if (await hasReceipt(storeCtx.db, store.id, webhook.webhookId)) return "duplicate";

  const text = new TextDecoder().decode(webhook.body);
  const now = new Date();
  switch (webhook.topic) {
    case "checkouts/create":
    case "checkouts/update":
      await ingestCart(storeCtx, { cart: cartFromCheckout(parseJsonText(text, checkoutPayloadSchema), now), origin: webhook.origin });
      break;
    case "orders/create":
    case "orders/paid":
      await placeOrder(storeCtx, orderFromShopify(parseJsonText(text, orderPayloadSchema), webhook.topic, now));
      break;
    case "refunds/create":
      await recordRefund(storeCtx, refundFromShopify(parseJsonText(text, shopifyRefundSchema), store.settings.currency));
      break;
    default:
      return "ignored";
  }
  // Recorded only after the work is done, so a delivery that failed half-way is redone on retry.
  await saveReceipt(storeCtx.db, store.id, webhook.webhookId);
  return "processed";
}

import { createRoute, z } from "@hono/zod-openapi";
import { readConfig, requireSecretsKey } from "../config";
import { database } from "../db/client";
import { findStoreById } from "../db/stores";
import { hasReceipt, saveReceipt } from "../db/webhook-receipts";
import { ingestCart } from "../domain/cart-ingest";
import { placeOrder } from "../domain/order-intake";
import { AppError } from "../errors";
import { createRouter } from "../http/app";
import { jsonResponse, problems } from "../http/openapi-common";
import { parseJsonText } from "../http/parse-json";
import { cartFromCheckout, orderFromShopify, shopifyCheckoutSchema, shopifyOrderSchema, verifyShopifyHmac } from "../integrations/shopify";
import { SecretBox } from "../security/secret-box";

const route = createRoute({
  method: "post",
  path: "/webhooks/shopify/{store_id}",
  summary: "Shopify webhooks (checkouts/create|update, orders/create|paid); HMAC-verified, replays ignored",
  request: {
    params: z.object({ store_id: z.string().min(1).max(100) }),
    headers: z.object({
      "x-shopify-topic": z.string().min(1),
      "x-shopify-hmac-sha256": z.string().min(1),
      "x-shopify-webhook-id": z.string().min(1).max(200),
    }),
  },
  responses: {
    200: jsonResponse("Acknowledged", z.object({ status: z.enum(["processed", "duplicate", "ignored"]) })),
    400: problems[400],
    401: problems[401],
    422: problems[422],
  },
});

const unauthorized = () => new AppError("unauthorized", "X-Shopify-Hmac-Sha256 does not match the body");

export const shopifyWebhookRoutes = createRouter().openapi(route, async (c) => {
  const db = database(c.env.DB);
  const { store_id } = c.req.valid("param");
  const headers = c.req.valid("header");
  const store = await findStoreById(db, store_id);
  // An unknown store answers exactly like a bad signature, so store ids cannot be probed.
  if (!store) throw unauthorized();
  const raw = new Uint8Array(await c.req.arrayBuffer());
  const secret = await new SecretBox(requireSecretsKey(readConfig(c.env))).open(store.webhookSecretEncrypted);
  if (!(await verifyShopifyHmac(secret, raw, headers["x-shopify-hmac-sha256"]))) throw unauthorized();

  const webhookId = headers["x-shopify-webhook-id"];
  if (await hasReceipt(db, store.id, webhookId)) return c.json({ status: "duplicate" as const }, 200);

  const text = new TextDecoder().decode(raw);
  const now = new Date();
  switch (headers["x-shopify-topic"]) {
    case "checkouts/create":
    case "checkouts/update":
      await ingestCart(c.env, store, cartFromCheckout(parseJsonText(text, shopifyCheckoutSchema), now), new URL(c.req.url).origin);
      break;
    case "orders/create":
    case "orders/paid":
      await placeOrder(c.env, db, store, orderFromShopify(parseJsonText(text, shopifyOrderSchema), now));
      break;
    default:
      return c.json({ status: "ignored" as const }, 200);
  }
  // Recorded only after the work is done, so a delivery that failed half-way is redone on retry.
  await saveReceipt(db, store.id, webhookId);
  return c.json({ status: "processed" as const }, 200);
});

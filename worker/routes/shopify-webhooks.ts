import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { AppError } from "../domain/errors";
import { createRouter, services } from "../http/app";
import { jsonResponse, problems, security } from "../http/openapi-common";
import { receiveShopifyWebhook } from "../services/shopify-webhooks";

/** A webhook without a signature is unauthenticated (401), before its other headers or body are looked at. */
const requireSignature: MiddlewareHandler = async (c, next) => {
  if (!c.req.header("x-shopify-hmac-sha256")) throw new AppError("unauthorized", "X-Shopify-Hmac-Sha256 is missing");
  return next();
};

const route = createRoute({
  operationId: "receiveShopifyWebhook",
  tags: ["Webhooks"],
  method: "post",
  path: "/webhooks/shopify/{store_id}",
  summary: "Shopify webhooks (checkouts/create|update, orders/create|paid, refunds/create); HMAC-verified, replays ignored",
  description:
    "Answered as soon as the webhook is verified, its id deduplicated, its body validated and the webhook durably queued: `processed` " +
    "means taken for processing. Its effect on the cart (a sequence started, updated or stopped; an order or refund counted) follows " +
    "within seconds, from the ingest queue, in each cart's order (a checkout older than the cart held is ignored; an order that comes " +
    "before its checkout stops the sequence that checkout starts). `duplicate`: this `X-Shopify-Webhook-Id` was taken before; `ignored`: " +
    "a topic Reva does not use. A 5xx means it was not queued: Shopify's retry is taken.",
  security: security.public,
  middleware: [requireSignature] as const,
  request: {
    params: z.object({ store_id: z.string().min(1).max(100) }),
    headers: z.object({
      "x-shopify-topic": z.string().min(1),
      "x-shopify-hmac-sha256": z.string().min(1),
      "x-shopify-webhook-id": z.string().min(1).max(200),
    }),
  },
  responses: {
    200: jsonResponse("Acknowledged: processed (verified and queued), duplicate (a replay) or ignored (an unused topic)", z.object({ status: z.enum(["processed", "duplicate", "ignored"]) })),
    400: problems[400],
    401: problems[401],
    422: problems[422],
  },
});

export const shopifyWebhookRoutes = createRouter().openapi(route, async (c) => {
  const headers = c.req.valid("header");
  const status = await receiveShopifyWebhook(services(c), {
    storeId: c.req.valid("param").store_id,
    topic: headers["x-shopify-topic"],
    hmac: headers["x-shopify-hmac-sha256"],
    webhookId: headers["x-shopify-webhook-id"],
    body: new Uint8Array(await c.req.arrayBuffer()),
    origin: new URL(c.req.url).origin,
  });
  return c.json({ status }, 200);
});

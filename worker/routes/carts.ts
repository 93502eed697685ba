import { createRoute, z } from "@hono/zod-openapi";
import { cartFromInput, cartInputSchema } from "../domain/cart";
import { ingestCart } from "../domain/cart-ingest";
import { sequenceViewSchema } from "../domain/sequence-view";
import { createRouter } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { jsonBody, jsonResponse, problems, secretKeySecurity } from "../http/openapi-common";

const route = createRoute({
  method: "post",
  path: "/api/v1/carts",
  summary: "Upsert a cart; a cart with items starts (or reschedules) its recovery sequence",
  security: secretKeySecurity,
  middleware: [requireSecretKey] as const,
  request: { body: jsonBody(cartInputSchema) },
  responses: {
    200: jsonResponse("The cart's sequence (null for an empty cart that never had one)", z.object({ sequence: sequenceViewSchema.nullable() })),
    400: problems[400],
    401: problems[401],
    413: problems[413],
    422: problems[422],
  },
});

export const cartRoutes = createRouter().openapi(route, async (c) => {
  const cart = cartFromInput(c.req.valid("json"), new Date());
  return c.json({ sequence: await ingestCart(c.env, c.get("store"), cart, new URL(c.req.url).origin) }, 200);
});

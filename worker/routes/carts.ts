import { createRoute, z } from "@hono/zod-openapi";
import { cartFromInput, cartInputSchema } from "../domain/cart";
import { sequenceViewSchema } from "../domain/sequence-view";
import { createRouter, storeServices } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { jsonBody, jsonResponse, problems, security } from "../http/openapi-common";
import { ingestCart } from "../services/carts";

const route = createRoute({
  operationId: "upsertCart",
  tags: ["Carts and orders"],
  method: "post",
  path: "/api/v1/carts",
  summary: "Upsert a cart; a cart with items starts (or reschedules) its recovery sequence",
  security: security.merchant,
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
  return c.json({ sequence: await ingestCart(storeServices(c), { cart, origin: new URL(c.req.url).origin }) }, 200);
});

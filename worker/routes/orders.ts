import { createRoute, z } from "@hono/zod-openapi";
import { database } from "../db/client";
import { orderFromInput, orderInputSchema } from "../domain/order";
import { placeOrder } from "../domain/order-intake";
import { sequenceViewSchema } from "../domain/sequence-view";
import { createRouter } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { jsonBody, jsonResponse, problems, secretKeySecurity } from "../http/openapi-common";

const outcomeSchema = z.object({
  order_id: z.string(),
  matched_cart: z.string().nullable(),
  recovered: z.boolean(),
  sequence: sequenceViewSchema.nullable(),
});

const route = createRoute({
  method: "post",
  path: "/api/v1/orders",
  summary: "Record an order: stops the matching sequence; recovered when attributed (SPEC §5)",
  security: secretKeySecurity,
  middleware: [requireSecretKey] as const,
  request: { body: jsonBody(orderInputSchema) },
  responses: { 200: jsonResponse("What the order matched", outcomeSchema), 400: problems[400], 401: problems[401], 422: problems[422] },
});

export const orderRoutes = createRouter().openapi(route, async (c) => {
  const order = orderFromInput(c.req.valid("json"), new Date());
  return c.json(await placeOrder(c.env, database(c.env.DB), c.get("store"), order), 200);
});

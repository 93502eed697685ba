import { createRoute, z } from "@hono/zod-openapi";
import { orderFromInput, orderInputSchema } from "../domain/order";
import { sequenceViewSchema } from "../domain/sequence-view";
import { createRouter, storeServices } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { jsonBody, jsonResponse, problems, security } from "../http/openapi-common";
import { placeOrder } from "../services/orders";

const outcomeSchema = z.object({
  order_id: z.string(),
  matched_cart: z.string().nullable(),
  recovered: z.boolean(),
  sequence: sequenceViewSchema.nullable(),
});

const route = createRoute({
  operationId: "recordOrder",
  tags: ["Carts and orders"],
  method: "post",
  path: "/api/v1/orders",
  summary: "Record an order: stops the matching sequence; recovered when attributed (SPEC §5)",
  security: security.merchant,
  middleware: [requireSecretKey] as const,
  request: { body: jsonBody(orderInputSchema) },
  responses: { 200: jsonResponse("What the order matched", outcomeSchema), 400: problems[400], 401: problems[401], 422: problems[422] },
});

export const orderRoutes = createRouter().openapi(route, async (c) => {
  const order = orderFromInput(c.req.valid("json"), new Date());
  return c.json(await placeOrder(storeServices(c), order), 200);
});

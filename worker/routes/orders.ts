import { createRoute, z } from "@hono/zod-openapi";
import { orderFromInput, orderInputSchema, refundFromInput, refundInputSchema } from "../domain/order";
import { sequenceViewSchema } from "../domain/sequence-view";
import { createRouter, storeServices } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { jsonBody, jsonResponse, problems, security } from "../http/openapi-common";
import { placeOrder, recordRefund } from "../services/orders";

const outcomeSchema = z.object({
  order_id: z.string(),
  matched_cart: z.string().nullable(),
  recovered: z.boolean(),
  sequence: sequenceViewSchema.nullable(),
  stopped_sequences: z.array(z.string()),
});

const refundOutcomeSchema = z.object({ order_id: z.string(), refund_id: z.string(), counted: z.boolean() });

const route = createRoute({
  operationId: "recordOrder",
  tags: ["Carts and orders"],
  method: "post",
  path: "/api/v1/orders",
  summary: "Record an order: stops every live sequence of the shopper; recovered when paid and attributed (SPEC §5)",
  security: security.merchant,
  middleware: [requireSecretKey] as const,
  request: { body: jsonBody(orderInputSchema) },
  responses: { 200: jsonResponse("What the order matched", outcomeSchema), 400: problems[400], 401: problems[401], 422: problems[422] },
});

const refundRoute = createRoute({
  operationId: "recordRefund",
  tags: ["Carts and orders"],
  method: "post",
  path: "/api/v1/refunds",
  summary: "Record a refund: subtracts from the order's recovered revenue, once per refund id",
  security: security.merchant,
  middleware: [requireSecretKey] as const,
  request: { body: jsonBody(refundInputSchema) },
  responses: {
    200: jsonResponse("Whether it lowered a recovered order's revenue", refundOutcomeSchema),
    400: problems[400],
    401: problems[401],
    422: problems[422],
  },
});

export const orderRoutes = createRouter()
  .openapi(route, async (c) => c.json(await placeOrder(storeServices(c), orderFromInput(c.req.valid("json"), new Date())), 200))
  .openapi(refundRoute, async (c) => c.json(await recordRefund(storeServices(c), refundFromInput(c.req.valid("json"))), 200));

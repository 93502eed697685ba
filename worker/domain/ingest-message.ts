import { z } from "zod";
import type { Cart } from "./cart";
import type { Order, Refund } from "./order";
import { sequenceViewSchema } from "./sequence-view";

/**
 * The shapes of domain/cart's Cart and domain/order's Order and Refund, as they travel in a queue
 * message. They were validated when the webhook arrived; these check only that the message is one
 * this version of the Worker wrote, so no length limits that could dead-letter a valid message.
 */
const cartSchema = z.object({
  token: z.string().min(1),
  alias_token: z.string().nullable(),
  customer_email: z.string().nullable(),
  first_name: z.string().nullable(),
  customer_id: z.string().nullable(),
  accepts_marketing: z.boolean(),
  currency: z.string(),
  total_price: z.string(),
  checkout_url: z.string(),
  // A cart's items as its sequence shows them: the same fields, kept as they were mapped.
  items: sequenceViewSchema.shape.cart.shape.items,
  visitor_id: z.string().nullable(),
  ga_client_id: z.string().nullable(),
  updated_at: z.iso.datetime({ offset: true }),
}) satisfies z.ZodType<Cart>;

const orderSchema = z.object({
  order_id: z.string().min(1),
  checkout_token: z.string().nullable(),
  cart_token: z.string().nullable(),
  email: z.string().nullable(),
  customer_id: z.string().nullable(),
  total_price: z.string(),
  currency: z.string(),
  paid: z.boolean(),
  created_at: z.iso.datetime({ offset: true }),
}) satisfies z.ZodType<Order>;

const refundSchema = z.object({
  order_id: z.string().min(1),
  refund_id: z.string().min(1),
  amount_cents: z.int(),
  currency: z.string(),
}) satisfies z.ZodType<Refund>;

/**
 * Where a message came from: the store (every queue message names it, so its dead letters are
 * listed for it), the Shopify topic and webhook id (its receipt is marked applied), and when the
 * request arrived.
 */
const source = {
  store_id: z.string().min(1),
  topic: z.string().min(1),
  webhook_id: z.string().min(1),
  received_at: z.iso.datetime(),
};

/**
 * The ingest queue's message: one verified, validated webhook, already mapped to what its cart's
 * Durable Object applies (a cart, an order, a refund).
 */
export const ingestMessageSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("cart"), ...source, origin: z.string(), cart: cartSchema }),
  z.object({ kind: z.literal("order"), ...source, order: orderSchema }),
  z.object({ kind: z.literal("refund"), ...source, refund: refundSchema }),
]);
export type IngestMessage = z.infer<typeof ingestMessageSchema>;

/**
 * Messages about one cart are applied in the order they came, one after another; other carts'
 * meanwhile. An order belongs to the checkout it names (its own object remembers it if the
 * checkout comes later). Refunds name only their order: they wait for the batch's carts and orders.
 */
export function cartKey(message: IngestMessage): string | null {
  switch (message.kind) {
    case "cart":
      return `${message.store_id}:${message.cart.token}`;
    case "order": {
      const token = message.order.checkout_token ?? message.order.cart_token;
      return token ? `${message.store_id}:${token}` : `${message.store_id}:order:${message.order.order_id}`;
    }
    case "refund":
      return null;
  }
}

import { z } from "zod";
import { shopperItem, toCents, toDecimal, type Cart } from "../domain/cart";
import { eventTime } from "../domain/event-time";
import { httpUrl } from "../domain/http-url";
import { isPaid, type Order, type Refund } from "../domain/order";
import { stripControlChars } from "../domain/plain-text";
import { shopifyCheckoutSchema, shopifyLineItemSchema, shopifyOrderSchema, type ShopifyRefund } from "../integrations/shopify";

/**
 * Shopify's payloads held to the rules every cart and order meets, named by Shopify's own fields:
 * http(s) links only (the checkout link reaches the storefront's popup and the email's redirect),
 * and dates a Durable Object alarm can be set from.
 */
export const checkoutPayloadSchema = shopifyCheckoutSchema.extend({
  abandoned_checkout_url: httpUrl,
  updated_at: eventTime.optional(),
  line_items: z.array(shopifyLineItemSchema.extend({ image_url: shopifyLineItemSchema.shape.image_url.pipe(httpUrl.nullable().optional()) })).max(500),
});
export const orderPayloadSchema = shopifyOrderSchema.extend({ created_at: eventTime.optional() });
type ShopifyCheckout = z.infer<typeof checkoutPayloadSchema>;
type ShopifyOrder = z.infer<typeof orderPayloadSchema>;

/** A Shopify checkout becomes a cart keyed by the checkout token (SPEC §5); its cart token is kept as an alias. */
export function cartFromCheckout(checkout: ShopifyCheckout, now: Date): Cart {
  const customer = checkout.customer;
  const consented =
    checkout.buyer_accepts_marketing === true ||
    customer?.accepts_marketing === true ||
    customer?.email_marketing_consent?.state === "subscribed";
  return {
    token: checkout.token,
    alias_token: checkout.cart_token || null,
    customer_email: (checkout.email ?? customer?.email ?? null)?.toLowerCase() ?? null,
    first_name: customer?.first_name == null ? null : stripControlChars(customer.first_name),
    customer_id: customer?.id ?? null,
    accepts_marketing: consented,
    currency: checkout.currency,
    total_price: toDecimal(checkout.total_price),
    checkout_url: checkout.abandoned_checkout_url,
    items: checkout.line_items.map((item, index) =>
      shopperItem({
        id: item.key ?? item.variant_id ?? item.product_id ?? String(index),
        title: item.title,
        variant_title: item.variant_title ?? null,
        price: toDecimal(item.price),
        quantity: item.quantity,
        image_url: item.image_url ?? null,
      }),
    ),
    visitor_id: null,
    ga_client_id: null,
    updated_at: new Date(checkout.updated_at ?? now).toISOString(),
  };
}

/** `orders/paid` is paid by definition; `orders/create` says so in its `financial_status`. */
export function orderFromShopify(order: ShopifyOrder, topic: "orders/create" | "orders/paid", now: Date): Order {
  return {
    order_id: order.id,
    checkout_token: order.checkout_token || null,
    cart_token: order.cart_token || null,
    email: (order.email ?? order.customer?.email ?? null)?.toLowerCase() ?? null,
    customer_id: order.customer?.id ?? null,
    total_price: toDecimal(order.total_price),
    currency: order.currency,
    paid: topic === "orders/paid" || isPaid(order.financial_status),
    created_at: new Date(order.created_at ?? now).toISOString(),
  };
}

export function refundFromShopify(refund: ShopifyRefund, fallbackCurrency: string): Refund {
  const returned = refund.transactions.filter((t) => t.kind === "refund" && t.status === "success");
  return {
    order_id: refund.order_id,
    refund_id: refund.id,
    amount_cents: returned.reduce((sum, t) => sum + toCents(toDecimal(t.amount)), 0),
    currency: returned[0]?.currency ?? fallbackCurrency,
  };
}

import { z } from "zod";
import { money, toDecimal, type Cart } from "../domain/cart";
import type { Order } from "../domain/order";
import { currencyCode } from "../domain/settings";
import { fromBase64 } from "../security/encoding";
import { hmacSha256, timingSafeEqual } from "../security/hmac";

/** `X-Shopify-Hmac-Sha256` is the base64 HMAC-SHA256 of the raw body under the store's webhook secret. */
export async function verifyShopifyHmac(secret: string, rawBody: Uint8Array, header: string): Promise<boolean> {
  let given: Uint8Array;
  try {
    given = fromBase64(header);
  } catch {
    return false;
  }
  return timingSafeEqual(await hmacSha256(secret, rawBody), given);
}

const blankToNull = (value: unknown) => (value === "" ? null : value);
const optionalEmail = z.preprocess(blankToNull, z.email().nullable().optional());
const shopifyId = z.union([z.number(), z.string()]).transform(String);

const customerSchema = z.looseObject({
  id: shopifyId,
  email: optionalEmail,
  first_name: z.string().nullable().optional(),
  accepts_marketing: z.boolean().optional(),
  email_marketing_consent: z.looseObject({ state: z.string() }).nullable().optional(),
});

const lineItemSchema = z.looseObject({
  key: z.string().optional(),
  variant_id: shopifyId.nullable().optional(),
  product_id: shopifyId.nullable().optional(),
  title: z.string().min(1).max(500),
  variant_title: z.string().max(500).nullable().optional(),
  price: money,
  quantity: z.int().min(1),
  image_url: z.preprocess(blankToNull, z.url().nullable().optional()),
});

/** The fields of Shopify's checkout webhook payload that a cart needs; others are ignored. */
export const shopifyCheckoutSchema = z.looseObject({
  token: z.string().min(1).max(200),
  cart_token: z.string().max(200).nullable().optional(),
  email: optionalEmail,
  customer: customerSchema.nullable().optional(),
  buyer_accepts_marketing: z.boolean().optional(),
  line_items: z.array(lineItemSchema).max(500),
  total_price: money,
  currency: currencyCode,
  abandoned_checkout_url: z.url(),
  updated_at: z.iso.datetime({ offset: true }).optional(),
});

export const shopifyOrderSchema = z.looseObject({
  id: shopifyId,
  checkout_token: z.string().nullable().optional(),
  cart_token: z.string().nullable().optional(),
  email: optionalEmail,
  customer: customerSchema.nullable().optional(),
  total_price: money,
  currency: currencyCode,
  created_at: z.iso.datetime({ offset: true }).optional(),
});

/** A Shopify checkout becomes a cart keyed by the checkout token (SPEC §5); its cart token is kept as an alias. */
export function cartFromCheckout(checkout: z.infer<typeof shopifyCheckoutSchema>, now: Date): Cart {
  const customer = checkout.customer;
  const consented =
    checkout.buyer_accepts_marketing === true ||
    customer?.accepts_marketing === true ||
    customer?.email_marketing_consent?.state === "subscribed";
  return {
    token: checkout.token,
    alias_token: checkout.cart_token || null,
    customer_email: (checkout.email ?? customer?.email ?? null)?.toLowerCase() ?? null,
    first_name: customer?.first_name ?? null,
    customer_id: customer?.id ?? null,
    accepts_marketing: consented,
    currency: checkout.currency,
    total_price: toDecimal(checkout.total_price),
    checkout_url: checkout.abandoned_checkout_url,
    items: checkout.line_items.map((item, index) => ({
      id: item.key ?? item.variant_id ?? item.product_id ?? String(index),
      title: item.title,
      variant_title: item.variant_title ?? null,
      price: toDecimal(item.price),
      quantity: item.quantity,
      image_url: item.image_url ?? null,
    })),
    visitor_id: null,
    ga_client_id: null,
    updated_at: new Date(checkout.updated_at ?? now).toISOString(),
  };
}

export function orderFromShopify(order: z.infer<typeof shopifyOrderSchema>, now: Date): Order {
  return {
    order_id: order.id,
    checkout_token: order.checkout_token || null,
    cart_token: order.cart_token || null,
    email: (order.email ?? order.customer?.email ?? null)?.toLowerCase() ?? null,
    customer_id: order.customer?.id ?? null,
    total_price: toDecimal(order.total_price),
    currency: order.currency,
    created_at: new Date(order.created_at ?? now).toISOString(),
  };
}

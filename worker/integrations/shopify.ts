import { z } from "zod";
import { fromBase64 } from "../security/encoding";
import { hmacSign, timingSafeEqual } from "../security/hmac";

/** `X-Shopify-Hmac-Sha256` is the base64 HMAC-SHA256 of the raw body under the store's webhook secret (`key`, see security/hmac's hmacKey). */
export async function verifyShopifyHmac(key: CryptoKey, rawBody: Uint8Array, header: string): Promise<boolean> {
  let given: Uint8Array;
  try {
    given = fromBase64(header);
  } catch {
    return false;
  }
  return timingSafeEqual(await hmacSign(key, rawBody), given);
}

/** Shopify sends amounts as decimal strings ("19.99"); older payloads and test tools send numbers. */
const money = z.union([
  z.number().nonnegative().max(1e9),
  z.string().regex(/^\d{1,9}(\.\d{1,4})?$/, "expected a decimal amount such as 19.99"),
]);
const currencyCode = z.string().regex(/^[A-Z]{3}$/, "expected an ISO 4217 code such as USD");

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

export const shopifyLineItemSchema = z.looseObject({
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
  line_items: z.array(shopifyLineItemSchema).max(500),
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
  financial_status: z.string().max(40).nullable().optional(),
  created_at: z.iso.datetime({ offset: true }).optional(),
  // The HMAC covers the body, not the X-Shopify-Topic header: a checkout (which has everything an
  // order needs) replayed as orders/paid must not pass for an order.
  abandoned_checkout_url: z.never({ error: "a checkout's field: this body is not an order" }).optional(),
});

/** A `refunds/create` payload: the money returned is the sum of its successful refund transactions. */
export const shopifyRefundSchema = z.looseObject({
  id: shopifyId,
  order_id: shopifyId,
  transactions: z
    .array(z.looseObject({ kind: z.string(), status: z.string(), amount: money, currency: currencyCode.optional() }))
    .max(100),
});

export type ShopifyRefund = z.infer<typeof shopifyRefundSchema>;

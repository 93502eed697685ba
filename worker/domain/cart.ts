import { z } from "zod";
import { eventTime } from "./event-time";
import { httpUrl } from "./http-url";
import { stripControlChars } from "./plain-text";
import { currencyCode } from "./settings";

/** Prices arrive as JSON numbers or as Shopify's decimal strings; both are kept as decimal strings. */
export const money = z.union([
  z.number().nonnegative().max(1e9),
  z.string().regex(/^\d{1,9}(\.\d{1,4})?$/, "expected a decimal amount such as 19.99"),
]);

export const cartItemSchema = z.strictObject({
  id: z.string().min(1).max(100),
  title: z.string().min(1).max(500),
  variant_title: z.string().max(500).nullable().optional(),
  price: money,
  quantity: z.int().min(1).max(10_000),
  image_url: httpUrl.nullable().optional(),
  url: httpUrl.nullable().optional(),
});

export const cartInputSchema = z.strictObject({
  cart_token: z.string().min(1).max(200),
  email: z.email().max(320).nullable().optional(),
  first_name: z.string().max(100).nullable().optional(),
  customer_id: z.string().min(1).max(100).nullable().optional(),
  accepts_marketing: z.boolean().optional(),
  currency: currencyCode,
  total_price: money,
  checkout_url: httpUrl,
  items: z.array(cartItemSchema).max(500),
  visitor_id: z.string().min(1).max(100).nullable().optional(),
  ga_client_id: z.string().min(1).max(100).nullable().optional(),
  updated_at: eventTime.optional(),
});
export type CartInput = z.infer<typeof cartInputSchema>;

export type CartItem = Omit<z.infer<typeof cartItemSchema>, "price"> & { price: string };

/** The one cart model every source (API, Shopify checkout) is mapped to. */
export type Cart = {
  token: string;
  alias_token: string | null;
  customer_email: string | null;
  first_name: string | null;
  customer_id: string | null;
  accepts_marketing: boolean;
  currency: string;
  total_price: string;
  checkout_url: string;
  items: CartItem[];
  visitor_id: string | null;
  ga_client_id: string | null;
  updated_at: string;
};

export const toDecimal = (amount: number | string) => (typeof amount === "number" ? amount.toFixed(2) : amount);

export const toCents = (amount: string) => Math.round(Number(amount) * 100);

/** An item's words as a shopper's email and popup show them: one line, no control characters. */
export const shopperItem = <T extends { title: string; variant_title?: string | null }>(item: T): T => ({
  ...item,
  title: stripControlChars(item.title),
  ...(item.variant_title ? { variant_title: stripControlChars(item.variant_title) } : {}),
});

export function cartFromInput(input: CartInput, now: Date, aliasToken: string | null = null): Cart {
  return {
    token: input.cart_token,
    alias_token: aliasToken,
    customer_email: input.email?.toLowerCase() ?? null,
    first_name: input.first_name == null ? null : stripControlChars(input.first_name),
    customer_id: input.customer_id ?? null,
    accepts_marketing: input.accepts_marketing ?? false,
    currency: input.currency,
    total_price: toDecimal(input.total_price),
    checkout_url: input.checkout_url,
    items: input.items.map((item) => shopperItem({ ...item, price: toDecimal(item.price) })),
    visitor_id: input.visitor_id ?? null,
    ga_client_id: input.ga_client_id ?? null,
    updated_at: new Date(input.updated_at ?? now).toISOString(),
  };
}

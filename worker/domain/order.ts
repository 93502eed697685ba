import { z } from "zod";
import { money, toDecimal } from "./cart";
import { currencyCode } from "./settings";

export const orderInputSchema = z.strictObject({
  order_id: z.string().min(1).max(100),
  cart_token: z.string().min(1).max(200).nullable().optional(),
  email: z.email().max(320).nullable().optional(),
  total_price: money,
  currency: currencyCode,
  created_at: z.iso.datetime({ offset: true }).optional(),
});
export type OrderInput = z.infer<typeof orderInputSchema>;

/** An order from any source, with every key a cart can be found by (SPEC §5: checkout token first). */
export type Order = {
  order_id: string;
  checkout_token: string | null;
  cart_token: string | null;
  email: string | null;
  customer_id: string | null;
  total_price: string;
  currency: string;
  created_at: string;
};

export function orderFromInput(input: OrderInput, now: Date): Order {
  return {
    order_id: input.order_id,
    checkout_token: null,
    cart_token: input.cart_token ?? null,
    email: input.email?.toLowerCase() ?? null,
    customer_id: null,
    total_price: toDecimal(input.total_price),
    currency: input.currency,
    created_at: new Date(input.created_at ?? now).toISOString(),
  };
}

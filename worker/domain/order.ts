import { z } from "zod";
import { money, toCents, toDecimal } from "./cart";
import { eventTime } from "./event-time";
import { currencyCode } from "./settings";

/** Shopify's payment states; only money actually taken counts as recovered revenue. */
export const FINANCIAL_STATUSES = ["pending", "authorized", "partially_paid", "paid", "partially_refunded", "refunded", "voided", "expired"] as const;
const PAID_STATUSES: readonly string[] = ["paid", "partially_paid", "partially_refunded", "refunded"];
export const isPaid = (financialStatus: string | null | undefined) => financialStatus == null || PAID_STATUSES.includes(financialStatus);

export const orderInputSchema = z.strictObject({
  order_id: z.string().min(1).max(100),
  cart_token: z.string().min(1).max(200).nullable().optional(),
  email: z.email().max(320).nullable().optional(),
  customer_id: z.string().min(1).max(100).nullable().optional(),
  total_price: money,
  currency: currencyCode,
  financial_status: z.enum(FINANCIAL_STATUSES).default("paid"),
  created_at: eventTime.optional(),
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
  /** Paid (or partly): only then can it be recovered revenue; an unpaid order still stops the emails. */
  paid: boolean;
  created_at: string;
};

export function orderFromInput(input: OrderInput, now: Date): Order {
  return {
    order_id: input.order_id,
    checkout_token: null,
    cart_token: input.cart_token ?? null,
    email: input.email?.toLowerCase() ?? null,
    customer_id: input.customer_id ?? null,
    total_price: toDecimal(input.total_price),
    currency: input.currency,
    paid: isPaid(input.financial_status),
    created_at: new Date(input.created_at ?? now).toISOString(),
  };
}

export const refundInputSchema = z.strictObject({
  order_id: z.string().min(1).max(100),
  refund_id: z.string().min(1).max(100),
  amount: money,
  currency: currencyCode,
});
export type RefundInput = z.infer<typeof refundInputSchema>;

/** Money given back on an order; counted once per refund id against the order's recovered revenue. */
export type Refund = { order_id: string; refund_id: string; amount_cents: number; currency: string };

export const refundFromInput = (input: RefundInput): Refund => ({
  order_id: input.order_id,
  refund_id: input.refund_id,
  amount_cents: toCents(toDecimal(input.amount)),
  currency: input.currency,
});

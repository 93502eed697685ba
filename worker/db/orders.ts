import { and, eq } from "drizzle-orm";
import type { Order, Refund } from "../domain/order";
import type { Database } from "./client";
import { orders, refunds } from "./schema";

/** One row per order however often its webhooks come; a later `orders/paid` marks it paid. */
export async function saveOrder(db: Database, storeId: string, order: Order, cartToken: string | null, sequenceId: string | null) {
  await db
    .insert(orders)
    .values({
      storeId,
      orderId: order.order_id,
      cartToken,
      email: order.email,
      totalPrice: order.total_price,
      currency: order.currency,
      createdAt: order.created_at,
      sequenceId,
      paid: order.paid,
    })
    .onConflictDoUpdate({ target: [orders.storeId, orders.orderId], set: { cartToken, sequenceId, ...(order.paid ? { paid: true } : {}) } });
}

export async function findOrder(db: Database, storeId: string, orderId: string) {
  return (await db.select().from(orders).where(and(eq(orders.storeId, storeId), eq(orders.orderId, orderId))).get()) ?? null;
}

export async function saveRefund(db: Database, storeId: string, refund: Refund) {
  await db
    .insert(refunds)
    .values({ storeId, refundId: refund.refund_id, orderId: refund.order_id, amountCents: refund.amount_cents, currency: refund.currency, createdAt: new Date().toISOString() })
    .onConflictDoNothing();
}

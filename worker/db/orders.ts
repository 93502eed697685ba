import type { Order } from "../domain/order";
import type { Database } from "./client";
import { orders } from "./schema";

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
    })
    .onConflictDoUpdate({ target: [orders.storeId, orders.orderId], set: { cartToken, sequenceId } });
}

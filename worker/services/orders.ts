import { findCartTokenForOrder } from "../db/carts";
import { saveOrder } from "../db/orders";
import type { Order } from "../domain/order";
import type { SequenceView } from "../domain/sequence-view";
import { cartSequenceStub } from "../durable/client";
import type { StoreContext } from "./context";

export type OrderOutcome = { order_id: string; matched_cart: string | null; recovered: boolean; sequence: SequenceView | null };

/**
 * Stops the matching cart's sequence and lets it decide attribution. Safe to repeat: the cart's
 * Durable Object counts one order once, and the order row is keyed by order id.
 */
export async function placeOrder({ env, db, store }: StoreContext, order: Order): Promise<OrderOutcome> {
  const windowDays = store.settings.attribution_window_days;
  const since = new Date(Date.parse(order.created_at) - windowDays * 86_400_000).toISOString();
  const cartToken = await findCartTokenForOrder(db, store.id, order, since);
  const result = cartToken ? await cartSequenceStub(env, store.id, cartToken).placeOrder(order, windowDays) : null;
  const sequence = result?.sequence ?? null;
  await saveOrder(db, store.id, order, cartToken, sequence?.id ?? null);
  return { order_id: order.order_id, matched_cart: cartToken, recovered: result?.recovered ?? false, sequence };
}

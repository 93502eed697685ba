import { findCartTokenForOrder } from "../db/carts";
import { findOrder, saveOrder, saveRefund } from "../db/orders";
import { findLiveCartsOfShopper } from "../db/sequences";
import type { Order, Refund } from "../domain/order";
import type { SequenceView } from "../domain/sequence-view";
import { cartSequenceStub, sequenceStub } from "../durable/client";
import type { StoreContext } from "./context";

export type OrderOutcome = { order_id: string; matched_cart: string | null; recovered: boolean; sequence: SequenceView | null; stopped_sequences: string[] };

/**
 * Stops every sequence of the shopper who bought (the order's own cart, and any other live cart
 * of the same address or customer), and lets the order's own cart decide attribution. Safe to
 * repeat: the cart's Durable Object counts one order once, and the order row is keyed by order id.
 */
export async function placeOrder({ env, db, store }: StoreContext, order: Order): Promise<OrderOutcome> {
  const windowDays = store.settings.attribution_window_days;
  const since = new Date(Date.parse(order.created_at) - windowDays * 86_400_000).toISOString();
  const found = await findCartTokenForOrder(db, store.id, order, since);
  // No cart found: the order's own checkout (or cart) may still be on its way; its object keeps the order for it.
  const target = found ?? order.checkout_token ?? order.cart_token;
  const result = target ? await cartSequenceStub(env, store.id, target).placeOrder(order, windowDays) : null;
  const cartToken = result ? target : found;
  const sequence = result?.sequence ?? null;
  const others = (await findLiveCartsOfShopper(db, store.id, { email: order.email ?? sequence?.cart.customer_email ?? null, customerId: order.customer_id })).filter(
    (token) => token !== cartToken,
  );
  const stopped = await Promise.all(others.map((token) => cartSequenceStub(env, store.id, token).stopForShopperOrder(order.order_id)));
  await saveOrder(db, store.id, order, cartToken, sequence?.id ?? null);
  return {
    order_id: order.order_id,
    matched_cart: cartToken,
    recovered: result?.recovered ?? false,
    sequence,
    stopped_sequences: stopped.flatMap((view) => (view ? [view.id] : [])),
  };
}

export type RefundOutcome = { order_id: string; refund_id: string; counted: boolean };

/**
 * Takes a refund off the recovered revenue of the order's sequence, once per refund id (the
 * sequence's Durable Object keeps the ids). A refund of an order Reva did not recover changes nothing.
 */
export async function recordRefund({ env, db, store }: StoreContext, refund: Refund): Promise<RefundOutcome> {
  const order = await findOrder(db, store.id, refund.order_id);
  const found = order?.sequenceId ? await sequenceStub(env, db, store.id, order.sequenceId) : null;
  const counted = found ? await found.stub.recordRefund(refund) : false;
  await saveRefund(db, store.id, refund);
  return { order_id: refund.order_id, refund_id: refund.refund_id, counted };
}

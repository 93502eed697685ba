import { and, desc, eq, gt, or } from "drizzle-orm";
import type { Order } from "../domain/order";
import type { Database } from "./client";
import { carts } from "./schema";

/**
 * Finds the cart an order came from, in SPEC §5's order: the checkout token, then the cart
 * token (a Shopify checkout's own token or the cart token it carries), then the shopper's
 * email or customer id, taking their most recent cart since `since`.
 */
export async function findCartTokenForOrder(db: Database, storeId: string, order: Order, since: string): Promise<string | null> {
  const byToken = async (token: string | null) =>
    token
      ? (await db
          .select({ token: carts.cartToken })
          .from(carts)
          .where(and(eq(carts.storeId, storeId), or(eq(carts.cartToken, token), eq(carts.aliasToken, token))))
          .orderBy(desc(carts.updatedAt))
          .get())?.token ?? null
      : null;
  const latestBy = async (column: typeof carts.email | typeof carts.customerId, value: string | null) =>
    value
      ? (await db
          .select({ token: carts.cartToken })
          .from(carts)
          .where(and(eq(carts.storeId, storeId), eq(column, value), gt(carts.updatedAt, since)))
          .orderBy(desc(carts.updatedAt))
          .get())?.token ?? null
      : null;
  return (
    (await byToken(order.checkout_token)) ??
    (await byToken(order.cart_token)) ??
    (await latestBy(carts.email, order.email)) ??
    (await latestBy(carts.customerId, order.customer_id))
  );
}

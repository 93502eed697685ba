import { and, desc, eq, or } from "drizzle-orm";
import type { Database } from "./client";
import { carts } from "./schema";

/** The visitor's cart: the token the storefront passed, else the latest cart seen with this visitor id. */
export async function findVisitorCart(db: Database, storeId: string, visitorId: string, cartToken: string | undefined) {
  const where = cartToken
    ? and(eq(carts.storeId, storeId), or(eq(carts.cartToken, cartToken), eq(carts.aliasToken, cartToken)))
    : and(eq(carts.storeId, storeId), eq(carts.visitorId, visitorId));
  return (await db.select().from(carts).where(where).orderBy(desc(carts.updatedAt)).get()) ?? null;
}

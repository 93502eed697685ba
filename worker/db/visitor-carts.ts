import { and, desc, eq, or, sql } from "drizzle-orm";
import type { Database } from "./client";
import { carts, visitorCartClaims } from "./schema";

/** The cart the storefront named (its token or a checkout's cart token), else the latest cart of this visitor. */
export async function findVisitorCart(db: Database, storeId: string, visitorId: string, cartToken: string | undefined) {
  const where = cartToken
    ? and(eq(carts.storeId, storeId), or(eq(carts.cartToken, cartToken), eq(carts.aliasToken, cartToken)))
    : and(eq(carts.storeId, storeId), eq(carts.visitorId, visitorId));
  return (await db.select().from(carts).where(where).orderBy(desc(carts.updatedAt)).get()) ?? null;
}

/**
 * Records that this visitor's browser holds `cartToken`, only while no cart has that token: in
 * one statement, so a cart ingested meanwhile cannot be claimed in between. The first claim stays.
 */
export async function claimCartToken(db: Database, storeId: string, cartToken: string, visitorId: string, now: Date) {
  await db.run(sql`
    INSERT INTO visitor_cart_claims (store_id, cart_token, visitor_id, claimed_at)
    SELECT ${storeId}, ${cartToken}, ${visitorId}, ${now.toISOString()}
    WHERE NOT EXISTS (SELECT 1 FROM carts WHERE store_id = ${storeId} AND (cart_token = ${cartToken} OR alias_token = ${cartToken}))
    ON CONFLICT (store_id, cart_token) DO NOTHING`);
}

/** The visitor who claimed `cartToken` before its cart existed, if any. */
export async function cartTokenClaimant(db: Database, storeId: string, cartToken: string): Promise<string | null> {
  const row = await db
    .select({ visitorId: visitorCartClaims.visitorId })
    .from(visitorCartClaims)
    .where(and(eq(visitorCartClaims.storeId, storeId), eq(visitorCartClaims.cartToken, cartToken)))
    .get();
  return row?.visitorId ?? null;
}

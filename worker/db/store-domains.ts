import { eq, sql } from "drizzle-orm";
import type { Database } from "./client";
import { storeDomains } from "./schema";

/**
 * The statements that make `domains` exactly the store's storefront domains; run in one batch with
 * the settings write, so a domain another store holds (primary key) fails the whole change.
 */
export function replaceStoreDomains(db: Database, storeId: string, domains: string[]) {
  return [
    db.delete(storeDomains).where(eq(storeDomains.storeId, storeId)),
    db.insert(storeDomains).select(sql`SELECT DISTINCT value AS domain, ${storeId} AS store_id FROM json_each(${JSON.stringify(domains)})`),
  ] as const;
}

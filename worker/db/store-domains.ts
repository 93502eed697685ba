import { and, eq, ne, sql } from "drizzle-orm";
import type { Database } from "./client";
import { storeDomains } from "./schema";

/** Which of these storefront domains another store already holds. */
export async function domainsHeldByOthers(db: Database, storeId: string, domains: string[]): Promise<string[]> {
  if (domains.length === 0) return [];
  const rows = await db
    .select({ domain: storeDomains.domain })
    .from(storeDomains)
    .where(and(ne(storeDomains.storeId, storeId), sql`${storeDomains.domain} IN (SELECT value FROM json_each(${JSON.stringify(domains)}))`))
    .all();
  return rows.map((row) => row.domain);
}

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

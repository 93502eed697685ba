import { and, count, eq, inArray, ne, sql } from "drizzle-orm";
import type { Database } from "./client";
import { domainClaims, keyRoutes, storeShards, type DomainClaimKind } from "./schema";

/**
 * The directory on the first shard (migrations/0024): where each store lives, which store a key's
 * hash belongs to, and which store holds a domain. Every function here takes the directory's
 * database, never a store's shard.
 */

export async function findStoreShard(directory: Database, storeId: string): Promise<string | null> {
  const row = await directory.select({ shard: storeShards.shard }).from(storeShards).where(eq(storeShards.storeId, storeId)).get();
  return row?.shard ?? null;
}

/** How many stores each of these shards holds (a shard without stores is absent). */
export async function storesPerShard(directory: Database, shards: string[]): Promise<Map<string, number>> {
  const rows = await directory
    .select({ shard: storeShards.shard, stores: count() })
    .from(storeShards)
    .where(inArray(storeShards.shard, shards))
    .groupBy(storeShards.shard)
    .all();
  return new Map(rows.map((row) => [row.shard, row.stores]));
}

export async function findStoreIdByKeyHash(directory: Database, keyHash: string): Promise<string | null> {
  const row = await directory.select({ storeId: keyRoutes.storeId }).from(keyRoutes).where(eq(keyRoutes.keyHash, keyHash)).get();
  return row?.storeId ?? null;
}

/** Points a new key's hash at its store (a rotation); a hash is random, so it never points elsewhere before. */
export async function routeKey(directory: Database, keyHash: string, storeId: string) {
  await directory.insert(keyRoutes).values({ keyHash, storeId }).onConflictDoUpdate({ target: keyRoutes.keyHash, set: { storeId } });
}

/**
 * A new store's directory entries in one batch: its shard, its keys, and claims on its storefront
 * domains. Returns the domains another store already holds (then nothing of the new store is
 * kept: a store that cannot be created leaves no trace).
 */
export async function registerStore(
  directory: Database,
  entry: { storeId: string; shard: string; keyHashes: string[]; domains: string[]; createdAt: string },
): Promise<string[]> {
  const [claim, othersHold] = claimStatements(directory, "storefront", entry.storeId, entry.domains);
  const [, , , taken] = await directory.batch([
    directory.insert(storeShards).values({ storeId: entry.storeId, shard: entry.shard, createdAt: entry.createdAt }),
    directory.insert(keyRoutes).values(entry.keyHashes.map((keyHash) => ({ keyHash, storeId: entry.storeId }))),
    claim,
    othersHold,
  ]);
  if (taken.length > 0) await unregisterStore(directory, entry.storeId);
  return taken.map((row) => row.domain);
}

/** Forgets a store the directory learnt of but its shard never got. */
export async function unregisterStore(directory: Database, storeId: string) {
  await directory.batch([
    directory.delete(storeShards).where(eq(storeShards.storeId, storeId)),
    directory.delete(keyRoutes).where(eq(keyRoutes.storeId, storeId)),
    directory.delete(domainClaims).where(eq(domainClaims.storeId, storeId)),
  ]);
}

/** Claims the free ones of these domains for the store (one statement), then lists those another store holds. */
function claimStatements(directory: Database, kind: DomainClaimKind, storeId: string, domains: string[]) {
  const list = JSON.stringify(domains);
  return [
    directory
      .insert(domainClaims)
      .select(sql`SELECT DISTINCT ${kind} AS kind, value AS domain, ${storeId} AS store_id FROM json_each(${list}) WHERE true`)
      .onConflictDoNothing(),
    directory
      .select({ domain: domainClaims.domain })
      .from(domainClaims)
      .where(and(eq(domainClaims.kind, kind), ne(domainClaims.storeId, storeId), sql`${domainClaims.domain} IN (SELECT value FROM json_each(${list}))`)),
  ] as const;
}

/** Claims domains for a store across all shards; returns those another store holds (the store keeps the rest claimed: settle with `keepOnlyClaims`). */
export async function claimDomains(directory: Database, kind: DomainClaimKind, storeId: string, domains: string[]): Promise<string[]> {
  if (domains.length === 0) return [];
  const [, taken] = await directory.batch(claimStatements(directory, kind, storeId, domains));
  return taken.map((row) => row.domain);
}

/** Drops the store's claims of this kind that are not in `domains`: what it holds on its shard now. */
export async function keepOnlyClaims(directory: Database, kind: DomainClaimKind, storeId: string, domains: string[]) {
  await directory
    .delete(domainClaims)
    .where(and(eq(domainClaims.kind, kind), eq(domainClaims.storeId, storeId), sql`${domainClaims.domain} NOT IN (SELECT value FROM json_each(${JSON.stringify(domains)}))`));
}

/** Drops one claim of the store (a domain it gave up or never got). */
export async function dropClaim(directory: Database, kind: DomainClaimKind, storeId: string, domain: string) {
  await directory.delete(domainClaims).where(and(eq(domainClaims.kind, kind), eq(domainClaims.storeId, storeId), eq(domainClaims.domain, domain)));
}

/** The store that holds this domain, if another one does. */
export async function domainHolder(directory: Database, kind: DomainClaimKind, domain: string, storeId: string): Promise<string | null> {
  const row = await directory
    .select({ storeId: domainClaims.storeId })
    .from(domainClaims)
    .where(and(eq(domainClaims.kind, kind), eq(domainClaims.domain, domain), ne(domainClaims.storeId, storeId)))
    .get();
  return row?.storeId ?? null;
}

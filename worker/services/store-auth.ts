import { cachedStore, cachedStoreById } from "../db/store-cache";
import { findStoreIdByKeyHash } from "../db/store-directory";
import { findStoreById, findStoreByPublishableKeyHash, findStoreBySecretKeyHash, type Store as StoreRow } from "../db/stores";
import type { Database } from "../db/client";
import { sha256Hex } from "../security/hmac";
import { isPublishableKey, isSecretKey } from "../security/keys";
import { directoryOf, forStoreId, type WorkerContext } from "./context";

/** A store's row as its shard holds it, and which shard that is. */
export type LocatedStore = StoreRow & { shard: string };

/**
 * Stores are found by the hash of the key a caller presents, never by the key itself: the
 * directory names the store, its shard's row decides whether the key is valid. Lookups are
 * cached per isolate for a few seconds, as every cart ingest authenticates.
 */
export async function storeForSecretKey(ctx: WorkerContext, key: string): Promise<LocatedStore | null> {
  if (!isSecretKey(key)) return null;
  const hash = await sha256Hex(key);
  const store = await cachedStore(hash, () => locateByKeyHash(ctx, hash, findStoreBySecretKeyHash));
  return store && keyStillValid(store.secretKeyHash, hash, store.previousSecretKeyUntil) ? store : null;
}

export async function storeForPublishableKey(ctx: WorkerContext, key: string): Promise<LocatedStore | null> {
  if (!isPublishableKey(key)) return null;
  const hash = await sha256Hex(key);
  const store = await cachedStore(hash, () => locateByKeyHash(ctx, hash, findStoreByPublishableKeyHash));
  return store && keyStillValid(store.publishableKeyHash, hash, store.previousPublishableKeyUntil) ? store : null;
}

async function locateByKeyHash(ctx: WorkerContext, hash: string, find: (db: Database, hash: string) => Promise<StoreRow | null>): Promise<LocatedStore | null> {
  const storeId = await findStoreIdByKeyHash(directoryOf(ctx), hash);
  if (!storeId) return null;
  const shard = await forStoreId(ctx, storeId);
  const store = await find(shard.db, hash);
  return store?.id === storeId ? { ...store, shard: shard.shard } : null;
}

/** A replaced key found in the cache is checked against its grace period again, so it ends on time, not up to a cache lifetime late. */
const keyStillValid = (currentHash: string, presentedHash: string, previousUntil: string | null) =>
  currentHash === presentedHash || (previousUntil !== null && Date.parse(previousUntil) > Date.now());

export async function storeById(ctx: WorkerContext, storeId: string, options: { cached?: boolean } = {}): Promise<LocatedStore | null> {
  const shard = await forStoreId(ctx, storeId);
  const store = await (options.cached ? cachedStoreById : findStoreById)(shard.db, storeId);
  return store ? { ...store, shard: shard.shard } : null;
}

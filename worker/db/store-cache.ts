import type { Database } from "./client";
import { findStoreById, type Store } from "./stores";

/**
 * Stores found by key hash or id, kept for a few seconds per isolate: every cart ingest
 * authenticates and every step and send reads its store's settings, and the D1 lookup was a
 * large part of their cost. A settings change clears its store here at once; other isolates see
 * it within STORE_CACHE_MS.
 */
export const STORE_CACHE_MS = 5_000;
const cache = new Map<string, { store: Store; until: number }>();

/** Each key holds what its own `load` returns (a key hash: the store and its shard; `id:…`: the row). */
export async function cachedStore<T extends Store>(keyHash: string, load: () => Promise<T | null>): Promise<T | null> {
  const hit = cache.get(keyHash);
  if (hit && hit.until > Date.now()) return hit.store as T;
  const store = await load();
  if (store) cache.set(keyHash, { store, until: Date.now() + STORE_CACHE_MS });
  else cache.delete(keyHash);
  return store;
}

export function cachedStoreById(db: Database, storeId: string): Promise<Store | null> {
  return cachedStore(`id:${storeId}`, () => findStoreById(db, storeId));
}

export function forgetStore(storeId: string) {
  for (const [hash, entry] of cache) if (entry.store.id === storeId) cache.delete(hash);
}

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

export async function cachedStore(keyHash: string, load: () => Promise<Store | null>): Promise<Store | null> {
  const hit = cache.get(keyHash);
  if (hit && hit.until > Date.now()) return hit.store;
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

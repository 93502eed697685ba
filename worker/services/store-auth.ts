import { cachedStore } from "../db/store-cache";
import { findStoreById, findStoreByPublishableKeyHash, findStoreBySecretKeyHash, type Store } from "../db/stores";
import { sha256Hex } from "../security/hmac";
import { isPublishableKey, isSecretKey } from "../security/keys";
import type { ServiceContext } from "./context";

/**
 * Stores are found by the hash of the key a caller presents, never by the key itself; lookups are
 * cached per isolate for a few seconds, as every cart ingest authenticates.
 */
export async function storeForSecretKey({ db }: Pick<ServiceContext, "db">, key: string): Promise<Store | null> {
  if (!isSecretKey(key)) return null;
  const hash = await sha256Hex(key);
  const store = await cachedStore(hash, () => findStoreBySecretKeyHash(db, hash));
  return store && keyStillValid(store.secretKeyHash, hash, store.previousSecretKeyUntil) ? store : null;
}

export async function storeForPublishableKey({ db }: Pick<ServiceContext, "db">, key: string): Promise<Store | null> {
  if (!isPublishableKey(key)) return null;
  const hash = await sha256Hex(key);
  const store = await cachedStore(hash, () => findStoreByPublishableKeyHash(db, hash));
  return store && keyStillValid(store.publishableKeyHash, hash, store.previousPublishableKeyUntil) ? store : null;
}

/** A replaced key found in the cache is checked against its grace period again, so it ends on time, not up to a cache lifetime late. */
const keyStillValid = (currentHash: string, presentedHash: string, previousUntil: string | null) =>
  currentHash === presentedHash || (previousUntil !== null && Date.parse(previousUntil) > Date.now());

export function storeById({ db }: Pick<ServiceContext, "db">, storeId: string): Promise<Store | null> {
  return findStoreById(db, storeId);
}

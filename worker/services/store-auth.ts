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
  return cachedStore(hash, () => findStoreBySecretKeyHash(db, hash));
}

export async function storeForPublishableKey({ db }: Pick<ServiceContext, "db">, key: string): Promise<Store | null> {
  if (!isPublishableKey(key)) return null;
  const hash = await sha256Hex(key);
  return cachedStore(hash, () => findStoreByPublishableKeyHash(db, hash));
}

export function storeById({ db }: Pick<ServiceContext, "db">, storeId: string): Promise<Store | null> {
  return findStoreById(db, storeId);
}

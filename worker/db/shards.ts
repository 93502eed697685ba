import { AppError } from "../domain/errors";
import { database, type Database } from "./client";
import { findStoreShard } from "./store-directory";

/**
 * The D1 shards (docs/scale.md): `shards` is the configured list (D1_SHARDS, the directory first),
 * each name a D1 binding of the Worker. Callers above pass the list from the configuration.
 */

const databases = new WeakMap<D1Database, Database>();

export function shardDatabase(env: Env, shards: readonly string[], shard: string): Database {
  const d1 = (env as unknown as Record<string, D1Database | undefined>)[shard];
  if (!shards.includes(shard) || typeof d1?.prepare !== "function") {
    throw new AppError("not_configured", `D1_SHARDS names ${shard}, which is not a D1 binding of this Worker (wrangler.toml [[d1_databases]])`);
  }
  let db = databases.get(d1);
  if (!db) databases.set(d1, (db = database(d1)));
  return db;
}

/** The directory: the first shard, which knows where each store lives and which store a key or domain belongs to. */
export const directoryDatabase = (env: Env, shards: readonly string[]): Database => shardDatabase(env, shards, shards[0]!);

/** A store's shard never changes, so each isolate asks the directory once per store. */
const shardOfStoreId = new Map<string, string>();

/**
 * The shard a store id lives on. An id the directory does not know is no store (stores made before
 * sharding were entered by migrations/0024): the first shard answers it, finding nothing there,
 * and that answer is not cached, so made-up ids cannot fill the cache.
 */
export async function shardOfStore(env: Env, shards: readonly string[], storeId: string): Promise<string> {
  const known = shardOfStoreId.get(storeId);
  if (known) return known;
  const shard = await findStoreShard(directoryDatabase(env, shards), storeId);
  if (!shard) return shards[0]!;
  shardOfStoreId.set(storeId, shard);
  return shard;
}

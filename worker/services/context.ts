import { readConfig, type Config } from "../config";
import type { Database } from "../db/client";
import { directoryDatabase, shardDatabase, shardOfStore as shardOfStoreIn } from "../db/shards";
import type { Store as StoreRow } from "../db/stores";

/** The store a caller acts for, as services see it (its key hashes and sealed secrets stay below). */
export type Store = Pick<StoreRow, "id" | "name" | "settings">;

/** A store and the D1 shard it lives on, as found by its key, session or id: what `forStore` needs. */
export type StoreOnShard = Store & { shard: string };

/**
 * What a verb gets before it knows which store it acts for: the Worker's bindings and the
 * validated configuration, but no database. Store data lives on the store's shard (D1_SHARDS,
 * docs/scale.md), reached through `forStore` / `forStoreId`; the directory that finds it is `directoryOf`.
 */
export type WorkerContext = { env: Env; readonly config: Config };

/** A verb working on one shard's database. */
export type ServiceContext = WorkerContext & { db: Database; shard: string };

/** A verb acting for one store, the one the caller authenticated as, on that store's shard. */
export type StoreContext = ServiceContext & { store: Store };

/** `config` is read when a verb first needs it, so requests that need none never depend on it. */
export function workerContext(env: Env): WorkerContext {
  return {
    env,
    get config() {
      return readConfig(env);
    },
  };
}

/** The same context working on one shard (a name from D1_SHARDS). */
export function onShard(ctx: WorkerContext, shard: string): ServiceContext {
  return {
    env: ctx.env,
    db: shardDatabase(ctx.env, ctx.config.shards, shard),
    shard,
    get config() {
      return ctx.config;
    },
  };
}

/** The directory (the first shard): which shard each store lives on, which store a key or domain belongs to. */
export const directoryOf = (ctx: WorkerContext): Database => directoryDatabase(ctx.env, ctx.config.shards);

/** One context per shard, for what spans every store (admin listing, lookups without a store id). */
export const everyShard = (ctx: WorkerContext): ServiceContext[] => ctx.config.shards.map((shard) => onShard(ctx, shard));

/** The same context acting for a store, on its shard. */
export function forStore(ctx: WorkerContext, store: StoreOnShard): StoreContext {
  return { ...onShard(ctx, store.shard), store };
}

/** The shard a store id lives on (db/shards: asked of the directory once per isolate). */
export const shardOfStore = (ctx: WorkerContext, storeId: string): Promise<string> => shardOfStoreIn(ctx.env, ctx.config.shards, storeId);

/** The context on a store's shard, from its id alone (queues, Durable Objects, webhooks and links by store id). */
export async function forStoreId(ctx: WorkerContext, storeId: string): Promise<ServiceContext> {
  return onShard(ctx, await shardOfStore(ctx, storeId));
}

import { readConfig, type Config } from "../config";
import { database, type Database } from "../db/client";
import type { Store as StoreRow } from "../db/stores";

/** The store a caller acts for, as services see it (its key hashes and sealed secrets stay below). */
export type Store = Pick<StoreRow, "id" | "name" | "settings">;

/** What every service verb gets: the Worker's bindings, the database and the validated configuration. */
export type ServiceContext = { env: Env; db: Database; readonly config: Config };

/** A verb acting for one store, the one the caller authenticated as. */
export type StoreContext = ServiceContext & { store: Store };

/** `config` is read when a verb first needs it, so requests that need none never depend on it. */
export function serviceContext(env: Env): ServiceContext {
  return {
    env,
    db: database(env.DB),
    get config() {
      return readConfig(env);
    },
  };
}

/** The same context acting for a store; `config` stays lazy (a spread would read it). */
export function forStore(ctx: ServiceContext, store: Store): StoreContext {
  return {
    env: ctx.env,
    db: ctx.db,
    get config() {
      return ctx.config;
    },
    store,
  };
}

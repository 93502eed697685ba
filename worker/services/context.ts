import { readConfig, type Config } from "../config";
import { database, type Database } from "../db/client";
import type { Store } from "../db/stores";

export type { Store };

/** What every service verb gets: the Worker's bindings, the database and the validated configuration. */
export type ServiceContext = { env: Env; db: Database; config: Config };

/** A verb acting for one store, the one the caller authenticated as. */
export type StoreContext = ServiceContext & { store: Store };

export function serviceContext(env: Env): ServiceContext {
  return { env, db: database(env.DB), config: readConfig(env) };
}

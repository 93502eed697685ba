import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { fieldErrorsFromZod, validationError } from "../domain/errors";
import { forStore, workerContext, type StoreContext, type StoreOnShard, type WorkerContext } from "../services/context";

export type AppEnv = { Bindings: Env; Variables: { store: StoreOnShard } };

/** Every router answers invalid input the same way: 422 problem+json naming each field. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(fieldErrorsFromZod(result.error.issues));
    },
  });
}

/** The context a service verb runs in, for a request that has no store yet. */
export const services = (c: Context<AppEnv>): WorkerContext => workerContext(c.env);

/** The same, acting for the store the request authenticated as, on its shard. */
export const storeServices = (c: Context<AppEnv>): StoreContext => forStore(workerContext(c.env), c.get("store"));

import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { fieldErrorsFromZod, validationError } from "../domain/errors";
import { forStore, serviceContext, type ServiceContext, type Store, type StoreContext } from "../services/context";

export type AppEnv = { Bindings: Env; Variables: { store: Store } };

/** Every router answers invalid input the same way: 422 problem+json naming each field. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(fieldErrorsFromZod(result.error.issues));
    },
  });
}

/** The context a service verb runs in, for a request. */
export const services = (c: Context<AppEnv>): ServiceContext => serviceContext(c.env);

/** The same, acting for the store the request authenticated as. */
export const storeServices = (c: Context<AppEnv>): StoreContext => forStore(serviceContext(c.env), c.get("store"));

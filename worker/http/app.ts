import { OpenAPIHono } from "@hono/zod-openapi";
import type { Env } from "../config";
import type { Store } from "../db/stores";
import { fieldErrorsFromZod, validationError } from "../errors";

export type AppEnv = { Bindings: Env; Variables: { store: Store } };

/** Every router answers invalid input the same way: 422 problem+json naming each field. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(fieldErrorsFromZod(result.error.issues));
    },
  });
}

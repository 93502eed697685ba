import { createRoute, z } from "@hono/zod-openapi";
import { deleteCookie, setCookie } from "hono/cookie";
import { requireSecretsKey } from "../config";
import { AppError } from "../domain/errors";
import { createRouter, services } from "../http/app";
import { jsonBody, problems, security } from "../http/openapi-common";
import { SESSION_COOKIE, SESSION_TTL_SECONDS, signSession } from "../http/session-cookie";
import { storeForSecretKey } from "../services/store-auth";

const signIn = createRoute({
  operationId: "signIn",
  tags: ["Session"],
  method: "post",
  path: "/api/v1/session",
  summary: "Dashboard sign-in with the store secret key; sets an HttpOnly session cookie",
  security: security.public,
  request: { body: jsonBody(z.strictObject({ secret_key: z.string().startsWith("sk_").max(200) })) },
  responses: { 204: { description: "Signed in" }, 401: problems[401], 422: problems[422] },
});

const signOut = createRoute({
  operationId: "signOut",
  tags: ["Session"],
  method: "delete",
  path: "/api/v1/session",
  summary: "Dashboard sign-out",
  security: security.public,
  responses: { 204: { description: "Signed out" } },
});

export const sessionRoutes = createRouter()
  .openapi(signIn, async (c) => {
    const ctx = services(c);
    const store = await storeForSecretKey(ctx, c.req.valid("json").secret_key, { cached: false });
    if (!store) throw new AppError("unauthorized", "unknown secret key");
    setCookie(c, SESSION_COOKIE, await signSession(requireSecretsKey(ctx.config), store.id), {
      httpOnly: true,
      sameSite: "Strict",
      secure: new URL(c.req.url).protocol === "https:",
      path: "/",
      maxAge: SESSION_TTL_SECONDS,
    });
    return c.body(null, 204);
  })
  .openapi(signOut, (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.body(null, 204);
  });

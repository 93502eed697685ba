import { createRoute, z } from "@hono/zod-openapi";
import { deleteCookie, setCookie } from "hono/cookie";
import { readConfig, requireSecretsKey } from "../config";
import { database } from "../db/client";
import { findStoreBySecretKeyHash } from "../db/stores";
import { AppError } from "../errors";
import { createRouter } from "../http/app";
import { jsonBody, problems } from "../http/openapi-common";
import { SESSION_COOKIE, SESSION_TTL_SECONDS, signSession } from "../http/session-cookie";
import { sha256Hex } from "../security/hmac";

const signIn = createRoute({
  method: "post",
  path: "/api/v1/session",
  summary: "Dashboard sign-in with the store secret key; sets an HttpOnly session cookie",
  request: { body: jsonBody(z.strictObject({ secret_key: z.string().startsWith("sk_").max(200) })) },
  responses: { 204: { description: "Signed in" }, 401: problems[401], 422: problems[422] },
});

const signOut = createRoute({
  method: "delete",
  path: "/api/v1/session",
  summary: "Dashboard sign-out",
  responses: { 204: { description: "Signed out" } },
});

export const sessionRoutes = createRouter()
  .openapi(signIn, async (c) => {
    const store = await findStoreBySecretKeyHash(database(c.env.DB), await sha256Hex(c.req.valid("json").secret_key));
    if (!store) throw new AppError("unauthorized", "unknown secret key");
    setCookie(c, SESSION_COOKIE, await signSession(requireSecretsKey(readConfig(c.env)), store.id), {
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

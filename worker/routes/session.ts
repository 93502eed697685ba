import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, services } from "../http/app";
import { jsonBody, problems, security } from "../http/openapi-common";
import { clearSessionCookie, readSessionCookie, setSessionCookie } from "../http/session-cookie";
import { signIn, signOut } from "../services/session";

const signInRoute = createRoute({
  operationId: "signIn",
  tags: ["Session"],
  method: "post",
  path: "/api/v1/session",
  summary: "Dashboard sign-in with the store secret key; sets an HttpOnly session cookie",
  security: security.public,
  request: { body: jsonBody(z.strictObject({ secret_key: z.string().startsWith("sk_").max(200) })) },
  responses: { 204: { description: "Signed in" }, 401: problems[401], 422: problems[422]},
});

const signOutRoute = createRoute({
  operationId: "signOut",
  tags: ["Session"],
  method: "delete",
  path: "/api/v1/session",
  summary: "Dashboard sign-out: the session is revoked server-side, so the same cookie is refused afterwards",
  security: security.public,
  responses: { 204: { description: "Signed out" } },
});

export const sessionRoutes = createRouter()
  .openapi(signInRoute, async (c) => {
    const { token } = await signIn(services(c), { secretKey: c.req.valid("json").secret_key });
    setSessionCookie(c, token);
    return c.body(null, 204);
  })
  .openapi(signOutRoute, async (c) => {
    const cookie = readSessionCookie(c);
    if (cookie) await signOut(services(c), cookie);
    clearSessionCookie(c);
    return c.body(null, 204);
  });

import type { Context, MiddlewareHandler } from "hono";
import { readConfig } from "../config";
import { AppError } from "../domain/errors";
import { utf8 } from "../security/encoding";
import { sha256Hex, timingSafeEqual } from "../security/hmac";
import { workerContext } from "../services/context";
import { storeForSession } from "../services/session";
import { storeForPublishableKey, storeForSecretKey } from "../services/store-auth";
import type { AppEnv } from "./app";
import { readSessionCookie } from "./session-cookie";

const bearer = (c: Context) => c.req.header("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? null;

/** Merchant calls: `Authorization: Bearer sk_…`, or the dashboard's session cookie. */
export const requireSecretKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const ctx = workerContext(c.env);
  const token = bearer(c);
  const cookie = readSessionCookie(c);
  let store = null;
  if (token) store = await storeForSecretKey(ctx, token);
  else if (cookie) store = await storeForSession(ctx, cookie);
  if (!store) throw new AppError("unauthorized", "a valid store secret key (Authorization: Bearer sk_…) is required");
  c.set("store", store);
  await next();
};

/** Widget calls: `?key=pk_…` (sendBeacon cannot set headers) or `Authorization: Bearer pk_…`. */
export const requirePublishableKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = c.req.query("key") ?? bearer(c);
  const store = token ? await storeForPublishableKey(workerContext(c.env), token) : null;
  if (!store) throw new AppError("unauthorized", "a valid publishable key (?key=pk_…) is required");
  c.set("store", store);
  await next();
};

export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const adminToken = readConfig(c.env).adminToken;
  if (!adminToken) throw new AppError("not_configured", "ADMIN_TOKEN is not set");
  const token = bearer(c);
  if (!token || !timingSafeEqual(utf8(await sha256Hex(token)), utf8(await sha256Hex(adminToken)))) {
    throw new AppError("unauthorized", "the admin token (Authorization: Bearer …) is required");
  }
  await next();
};

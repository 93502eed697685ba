import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { readConfig, requireSecretsKey } from "../config";
import { database } from "../db/client";
import { findStoreById, findStoreByPublishableKeyHash, findStoreBySecretKeyHash } from "../db/stores";
import { AppError } from "../errors";
import { utf8 } from "../security/encoding";
import { sha256Hex, timingSafeEqual } from "../security/hmac";
import { isPublishableKey, isSecretKey } from "../security/keys";
import type { AppEnv } from "./app";
import { SESSION_COOKIE, verifySession } from "./session-cookie";
import { cachedStore } from "../db/store-cache";

const bearer = (c: Context) => c.req.header("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? null;

/** Merchant calls: `Authorization: Bearer sk_…`, or the dashboard's session cookie. */
export const requireSecretKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const db = database(c.env.DB);
  const token = bearer(c);
  const cookie = getCookie(c, SESSION_COOKIE);
  let store = null;
  if (token && isSecretKey(token)) {
    const hash = await sha256Hex(token);
    store = await cachedStore(hash, () => findStoreBySecretKeyHash(db, hash));
  } else if (!token && cookie) {
    const storeId = await verifySession(requireSecretsKey(readConfig(c.env)), cookie);
    store = storeId ? await findStoreById(db, storeId) : null;
  }
  if (!store) throw new AppError("unauthorized", "a valid store secret key (Authorization: Bearer sk_…) is required");
  c.set("store", store);
  await next();
};

/** Widget calls: `?key=pk_…` (sendBeacon cannot set headers) or `Authorization: Bearer pk_…`. */
export const requirePublishableKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = c.req.query("key") ?? bearer(c);
  const hash = token && isPublishableKey(token) ? await sha256Hex(token) : null;
  const store = hash ? await cachedStore(hash, () => findStoreByPublishableKeyHash(database(c.env.DB), hash)) : null;
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

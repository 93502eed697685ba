import type { MiddlewareHandler } from "hono";
import { readConfig } from "../config";
import { AppError } from "../domain/errors";
import type { AppEnv } from "./app";

const LOCAL_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/**
 * An origin is allowed when it is the Worker's own, or one of the store's domains over https. Plain
 * http only for a local host outside production (a storefront on `localhost` while developing):
 * a network attacker could otherwise speak for the store from an http page.
 */
function isAllowedOrigin(origin: string, domains: string[], selfOrigin: string, isProduction: boolean) {
  if (origin === selfOrigin) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (!domains.includes(url.host.toLowerCase())) return false;
  return url.protocol === "https:" || (url.protocol === "http:" && !isProduction && LOCAL_HOSTS.includes(url.hostname));
}

/**
 * Runs after the publishable-key check, so it knows the store's domains. The preflight carries
 * `?key=` in its URL, which is how a preflight can be answered per store without headers.
 */
export const widgetCors: MiddlewareHandler<AppEnv> = async (c, next) => {
  const origin = c.req.header("origin");
  if (!origin) return next();
  if (!isAllowedOrigin(origin, c.get("store").settings.domains, new URL(c.req.url).origin, readConfig(c.env).isProduction)) {
    throw new AppError("forbidden", `origin ${origin} is not one of the store's domains`);
  }
  c.header("access-control-allow-origin", origin);
  c.header("vary", "origin");
  if (c.req.method === "OPTIONS") {
    c.header("access-control-allow-methods", "POST, OPTIONS");
    c.header("access-control-allow-headers", "content-type, authorization");
    c.header("access-control-max-age", "86400");
    return c.body(null, 204);
  }
  return next();
};

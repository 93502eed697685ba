import type { MiddlewareHandler } from "hono";
import { AppError } from "../domain/errors";
import type { AppEnv } from "./app";

/** An origin is allowed when its host is one of the store's domains, or it is the Worker's own. */
function isAllowedOrigin(origin: string, domains: string[], selfOrigin: string) {
  if (origin === selfOrigin) return true;
  try {
    return domains.includes(new URL(origin).host.toLowerCase());
  } catch {
    return false;
  }
}

/**
 * Runs after the publishable-key check, so it knows the store's domains. The preflight carries
 * `?key=` in its URL, which is how a preflight can be answered per store without headers.
 */
export const widgetCors: MiddlewareHandler<AppEnv> = async (c, next) => {
  const origin = c.req.header("origin");
  if (!origin) return next();
  if (!isAllowedOrigin(origin, c.get("store").settings.domains, new URL(c.req.url).origin)) {
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

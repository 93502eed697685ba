import type { MiddlewareHandler } from "hono";

/**
 * Every HTML page the Worker answers (the dashboard and demo from its assets, the unsubscribe and
 * link pages) runs only the Worker's own script and style files: nothing inline, no plugin, no
 * frame around it. A shopper's name or link that got past validation still cannot run there.
 * Images may come from any https host (product photos live on the store's CDN).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const contentSecurityPolicy: MiddlewareHandler = async (c, next) => {
  await next();
  if (!c.res.headers.get("content-type")?.startsWith("text/html")) return;
  // Assets answer with immutable headers: copy the response before adding to them.
  c.res = new Response(c.res.body, c.res);
  // A page with a policy of its own (the email preview, framed by the dashboard) keeps it.
  if (!c.res.headers.has("content-security-policy")) c.res.headers.set("content-security-policy", CONTENT_SECURITY_POLICY);
  c.res.headers.set("x-content-type-options", "nosniff");
};

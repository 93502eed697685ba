import { bareCartToken, cartToken } from "./identity";

declare global {
  interface Window {
    Shopify?: unknown;
  }
}

/**
 * The cart this page view is about: the tag's or Shopify's cookie, else (on a Shopify storefront
 * only, so other stores never get a stray request) the token of Shopify's same-origin `/cart.js`.
 * Undefined when there is none or the read fails.
 */
export async function pageCartToken(script: HTMLScriptElement): Promise<string | undefined> {
  const known = cartToken(script);
  if (known || !window.Shopify) return known;
  try {
    const res = await fetch("/cart.js", { credentials: "same-origin", headers: { Accept: "application/json" } });
    return res.ok ? bareCartToken(((await res.json()) as { token?: unknown } | null)?.token) : undefined;
  } catch {
    return undefined;
  }
}

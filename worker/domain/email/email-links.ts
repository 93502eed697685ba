import type { Cart } from "../cart";
import type { ClickToken, TokenSealer, UnsubscribeToken } from "./link-tokens";
import { renderedItems, type EmailLinks } from "./recovery-email";

/** One sealer per purpose, so a click token can never be opened as an unsubscribe token. */
export type LinkSealers = { click: TokenSealer; unsubscribe: TokenSealer };

export const isStoreUrl = (url: string, domains: string[]) => {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === "https:" || parsed.protocol === "http:") && domains.includes(parsed.host.toLowerCase());
  } catch {
    return false;
  }
};

export async function unsubscribeUrl(sealer: TokenSealer, baseUrl: string, token: UnsubscribeToken) {
  return `${baseUrl}/unsubscribe?token=${await sealer.sealToken(token)}`;
}

/**
 * Every link goes through /r/<token>; an item links to its own page only when that page is on one
 * of the store's domains, otherwise to the cart, so a link can never point anywhere foreign.
 */
export async function buildEmailLinks(args: {
  sealers: LinkSealers;
  baseUrl: string;
  storeId: string;
  sequenceId: string;
  stepId: string;
  to: string;
  cart: Cart;
  domains: string[];
}): Promise<EmailLinks> {
  const click = async (u?: string) => {
    const token: ClickToken = { s: args.storeId, q: args.sequenceId, p: args.stepId, ...(u ? { u } : {}) };
    return `${args.baseUrl}/r/${await args.sealers.click.sealToken(token)}`;
  };
  const cart = await click();
  // Only the items the email shows get a link (each is a sealed token).
  const items = await Promise.all(renderedItems(args.cart.items).shown.map((item) => (item.url && isStoreUrl(item.url, args.domains) ? click(item.url) : cart)));
  const unsubscribe = await unsubscribeUrl(args.sealers.unsubscribe, args.baseUrl, { s: args.storeId, e: args.to, q: args.sequenceId, p: args.stepId });
  return { cart, items, unsubscribe };
}

/** The checkout (or store page) with Reva's UTM parameters added and the URL's own query kept. */
export function withEmailUtm(target: string, stepId: string, sequenceId: string): string {
  const url = new URL(target);
  url.searchParams.set("utm_source", "reva");
  url.searchParams.set("utm_medium", "email");
  url.searchParams.set("utm_campaign", "cart_recovery");
  url.searchParams.set("utm_content", stepId);
  url.searchParams.set("sequence_id", sequenceId);
  return url.toString();
}

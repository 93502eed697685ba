import { z } from "zod";

/**
 * The one URL rule for every link Reva takes in (carts, Shopify checkouts, settings): http or https
 * only, whatever the case of the scheme (the URL parser lowercases it before the check). A
 * `javascript:` or `data:` URL would run script wherever the link is followed: the storefront's
 * popup, the dashboard, the email's redirect.
 */
export const httpUrl = z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }).max(2000);

/** The same rule where a stored link is about to be used: links saved before the rule existed are checked again. */
export const isHttpUrl = (value: string) => httpUrl.safeParse(value).success;

/** @jsxImportSource hono/jsx */
import { createRoute, z } from "@hono/zod-openapi";
import { readConfig } from "../config";
import { database } from "../db/client";
import { findSequenceRow } from "../db/sequences";
import { findStoreById } from "../db/stores";
import type { Cart } from "../domain/cart";
import { isStoreUrl, withEmailUtm } from "../domain/email/email-links";
import { linkSealers } from "../domain/email/link-sealers";
import { clickTokenSchema, openTyped } from "../domain/email/link-tokens";
import { cartSequence } from "../durable/cart-sequences";
import { createRouter } from "../http/app";
import { Page } from "../http/page";

const route = createRoute({
  method: "get",
  path: "/r/{token}",
  summary: "Email link: records the click, then 302 to the cart's checkout (or a store page) with UTM parameters",
  request: { params: z.object({ token: z.string().max(2000) }) },
  responses: {
    302: { description: "Redirect to the checkout" },
    404: { description: "Unknown or forged link", content: { "text/html": { schema: z.string() } } },
  },
});

/**
 * The target is never taken from the link alone: it is the cart's own checkout URL, or a page on
 * one of the store's domains, so a crafted link cannot redirect anywhere else.
 */
export const clickRoutes = createRouter().openapi(route, async (c) => {
  const db = database(c.env.DB);
  const token = await openTyped(linkSealers(readConfig(c.env)).click, c.req.valid("param").token, clickTokenSchema);
  const sequence = token ? await findSequenceRow(db, token.s, token.q) : null;
  const store = token && sequence ? await findStoreById(db, token.s) : null;
  if (!token || !sequence || !store) {
    return c.html(
      <Page title="Link not found">
        <h1>This link is not valid</h1>
        <p class="muted">Please use the link from the email itself.</p>
      </Page>,
      404,
    );
  }
  const checkout = (sequence.cart as Cart).checkout_url;
  const target = token.u && isStoreUrl(token.u, store.settings.domains) ? token.u : checkout;
  c.executionCtx.waitUntil(
    cartSequence(c.env, store.id, sequence.cartToken)
      .recordEmailEvent(token.p, "email_clicked", `clicked through to ${new URL(target).host}`)
      .catch((error) => console.error("click not recorded", error)),
  );
  return c.redirect(withEmailUtm(target, token.p, sequence.id), 302);
});

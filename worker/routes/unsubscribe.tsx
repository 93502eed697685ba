/** @jsxImportSource hono/jsx */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { readConfig } from "../config";
import { database } from "../db/client";
import { findStoreById } from "../db/stores";
import { linkSealers } from "../domain/email/link-sealers";
import { openTyped, unsubscribeTokenSchema } from "../domain/email/link-tokens";
import { suppressAddress } from "../domain/suppression";
import { cartSequence } from "../durable/cart-sequences";
import { findSequenceRow } from "../db/sequences";
import { createRouter, type AppEnv } from "../http/app";
import { maskEmail, Page } from "../http/page";

const query = z.object({ token: z.string().max(2000).optional() });
const html = { content: { "text/html": { schema: z.string() } } };

const show = createRoute({
  method: "get",
  path: "/unsubscribe",
  summary: "Unsubscribe page with one button; a GET alone never unsubscribes (link scanners)",
  request: { query },
  responses: { 200: { description: "The page", ...html }, 400: { description: "Invalid link", ...html } },
});

const confirm = createRoute({
  method: "post",
  path: "/unsubscribe",
  summary: "Unsubscribe (the page's button or RFC 8058 one-click); idempotent; never redirects",
  request: { query },
  responses: { 200: { description: "Confirmation page", ...html }, 400: { description: "Invalid link", ...html } },
});

async function readToken(c: Context<AppEnv>, token: string | undefined) {
  if (!token) return null;
  const claims = await openTyped(linkSealers(readConfig(c.env)).unsubscribe, token, unsubscribeTokenSchema);
  if (!claims) return null;
  const store = await findStoreById(database(c.env.DB), claims.s);
  return store ? { claims, store } : null;
}

const invalidLink = (c: Context<AppEnv>) =>
  c.html(
    <Page title="Invalid link">
      <h1>This unsubscribe link is not valid</h1>
      <p class="muted">It may have been cut short when it was copied. Please use the link from the email itself; nothing was changed.</p>
    </Page>,
    400,
  );

export const unsubscribeRoutes = createRouter()
  .openapi(show, async (c) => {
    const found = await readToken(c, c.req.valid("query").token);
    if (!found) return invalidLink(c);
    return c.html(
      <Page title={`Unsubscribe from ${found.store.name}`}>
        <h1>Unsubscribe from {found.store.name}?</h1>
        <p>
          You will get no more cart reminders from {found.store.name} at <strong>{maskEmail(found.claims.e)}</strong>.
        </p>
        <form method="post">
          <button type="submit">Unsubscribe</button>
        </form>
      </Page>,
      200,
    );
  })
  .openapi(confirm, async (c) => {
    const found = await readToken(c, c.req.valid("query").token);
    if (!found) return invalidLink(c);
    const db = database(c.env.DB);
    const { claims, store } = found;
    const source = claims.q ? await findSequenceRow(db, store.id, claims.q) : null;
    if (source && claims.p) {
      await cartSequence(c.env, store.id, source.cartToken).recordEmailEvent(claims.p, "unsubscribed", `${maskEmail(claims.e)} unsubscribed`);
    }
    await suppressAddress(c.env, db, store.id, claims.e, "unsubscribed");
    return c.html(
      <Page title="Unsubscribed">
        <h1>You are unsubscribed</h1>
        <p>
          {store.name} will send no more cart reminders to <strong>{maskEmail(claims.e)}</strong>.
        </p>
      </Page>,
      200,
    );
  });

/** @jsxImportSource hono/jsx */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { maskEmail } from "../domain/email/mask-email";
import { createRouter, services, type AppEnv } from "../http/app";
import { security } from "../http/openapi-common";
import { Page } from "../http/page";
import { readUnsubscribeLink, unsubscribe } from "../services/email-links";

const query = z.object({ token: z.string().max(2000).optional() });
const html = { content: { "text/html": { schema: z.string() } } };
const common = { tags: ["Shopper pages"], security: security.public, request: { query } };

const show = createRoute({
  ...common,
  operationId: "showUnsubscribePage",
  method: "get",
  path: "/unsubscribe",
  summary: "Unsubscribe page with one button; a GET alone never unsubscribes (link scanners)",
  responses: { 200: { description: "The page", ...html }, 400: { description: "Invalid link", ...html } },
});

/** How many emails were already in flight when the address was unsubscribed (issue 9.1: said, never hidden). */
const IN_FLIGHT_HEADER = "Reva-Emails-In-Flight";

const confirm = createRoute({
  ...common,
  operationId: "unsubscribe",
  method: "post",
  path: "/unsubscribe",
  summary: "Unsubscribe (the page's button or RFC 8058 one-click); idempotent; never redirects",
  responses: {
    200: {
      description: "Confirmation page",
      headers: { [IN_FLIGHT_HEADER]: { description: "Emails already in flight to the address when it was unsubscribed: they may still arrive", schema: { type: "integer" } } },
      ...html,
    },
    400: { description: "Invalid link", ...html },
  },
});

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
    const link = await readUnsubscribeLink(services(c), c.req.valid("query").token);
    if (!link) return invalidLink(c);
    const { store, claims } = link;
    return c.html(
      <Page title={`Unsubscribe from ${store.name}`}>
        <h1>Unsubscribe from {store.name}?</h1>
        <p>
          You will get no more cart reminders from {store.name} at <strong>{maskEmail(claims.e)}</strong>.
        </p>
        <form method="post">
          <button type="submit">Unsubscribe</button>
        </form>
      </Page>,
      200,
    );
  })
  .openapi(confirm, async (c) => {
    const ctx = services(c);
    const link = await readUnsubscribeLink(ctx, c.req.valid("query").token);
    if (!link) return invalidLink(c);
    const inFlight = await unsubscribe(ctx, link);
    const { store, claims } = link;
    return c.html(
      <Page title="Unsubscribed">
        <h1>You are unsubscribed</h1>
        <p>
          {store.name} will send no more cart reminders to <strong>{maskEmail(claims.e)}</strong>.
          {inFlight > 0 ? " One reminder was already on its way and may still arrive." : ""}
        </p>
      </Page>,
      200,
      { [IN_FLIGHT_HEADER]: String(inFlight) },
    );
  });

/** @jsxImportSource hono/jsx */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, services } from "../http/app";
import { security } from "../http/openapi-common";
import { Page } from "../http/page";
import { followEmailLink } from "../services/email-links";

const route = createRoute({
  operationId: "followEmailLink",
  tags: ["Shopper pages"],
  method: "get",
  path: "/r/{token}",
  summary: "Email link: records the click, then 302 to the cart's checkout (or a store page) with UTM parameters",
  security: security.public,
  request: { params: z.object({ token: z.string().max(2000) }) },
  responses: {
    302: { description: "Redirect to the checkout" },
    404: { description: "Unknown or forged link", content: { "text/html": { schema: z.string() } } },
  },
});

export const clickRoutes = createRouter().openapi(route, async (c) => {
  const target = await followEmailLink(services(c), { token: c.req.valid("param").token, waitUntil: (work) => c.executionCtx.waitUntil(work) });
  if (!target) {
    return c.html(
      <Page title="Link not found">
        <h1>This link is not valid</h1>
        <p class="muted">Please use the link from the email itself.</p>
      </Page>,
      404,
    );
  }
  return c.redirect(target, 302);
});

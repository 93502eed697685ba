import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../http/app";
import { jsonResponse } from "../http/openapi-common";

const route = createRoute({
  method: "get",
  path: "/healthz",
  responses: { 200: jsonResponse("Alive", z.object({ ok: z.literal(true) })) },
});

export const healthRoutes = createRouter().openapi(route, (c) => c.json({ ok: true as const }, 200));

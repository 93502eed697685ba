import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../http/app";
import { jsonResponse, security } from "../http/openapi-common";

const route = createRoute({
  operationId: "getHealth",
  tags: ["Health"],
  method: "get",
  path: "/healthz",
  summary: "Liveness check",
  security: security.public,
  responses: { 200: jsonResponse("Alive", z.object({ ok: z.literal(true) })) },
});

export const healthRoutes = createRouter().openapi(route, (c) => c.json({ ok: true as const }, 200));

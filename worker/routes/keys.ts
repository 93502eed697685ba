import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, storeServices } from "../http/app";
import { requireSecretKey } from "../http/auth";
import { jsonBody, jsonResponse, problems, security } from "../http/openapi-common";
import { rotateKey } from "../services/keys";

const kind = z.enum(["secret", "publishable", "webhook"]);

const route = createRoute({
  operationId: "rotateKey",
  tags: ["Stores"],
  method: "post",
  path: "/api/v1/store/keys/rotate",
  summary: "Replace the store's secret, publishable or webhook key. The new key is shown once; the old one stays valid for 24 hours",
  security: security.merchant,
  middleware: [requireSecretKey] as const,
  request: { body: jsonBody(z.strictObject({ kind })) },
  responses: {
    200: jsonResponse("The new key (shown once) and until when the old one is still accepted", z.object({ kind, key: z.string(), previous_valid_until: z.string() })),
    401: problems[401],
    422: problems[422],
  },
});

export const keyRoutes = createRouter().openapi(route, async (c) => c.json(await rotateKey(storeServices(c), c.req.valid("json").kind), 200));

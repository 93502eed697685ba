import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, services } from "../http/app";
import { jsonResponse, problems, security } from "../http/openapi-common";
import { receiveResendWebhook } from "../services/resend-webhooks";

const route = createRoute({
  operationId: "receiveResendWebhook",
  tags: ["Webhooks"],
  method: "post",
  path: "/webhooks/resend",
  summary: "Resend delivery events (Svix-signed); bounces and complaints suppress the address",
  security: security.public,
  request: {
    headers: z.object({
      "svix-id": z.string().min(1).max(200),
      "svix-timestamp": z.string().min(1).max(20),
      "svix-signature": z.string().min(1).max(2000),
    }),
  },
  responses: {
    200: jsonResponse("Acknowledged", z.object({ status: z.enum(["recorded", "ignored", "unknown_email", "duplicate"]) })),
    400: problems[400],
    401: problems[401],
    422: problems[422],
  },
});

export const resendWebhookRoutes = createRouter().openapi(route, async (c) => {
  const headers = c.req.valid("header");
  const status = await receiveResendWebhook(services(c), {
    id: headers["svix-id"],
    timestamp: headers["svix-timestamp"],
    signature: headers["svix-signature"],
    body: new Uint8Array(await c.req.arrayBuffer()),
  });
  return c.json({ status }, 200);
});

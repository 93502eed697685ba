import { createRoute, z } from "@hono/zod-openapi";
import { readConfig } from "../config";
import { database } from "../db/client";
import { hasReceipt, saveReceipt } from "../db/webhook-receipts";
import { applyDeliveryEvent } from "../domain/email/delivery-events";
import { AppError } from "../errors";
import { createRouter } from "../http/app";
import { jsonResponse, problems } from "../http/openapi-common";
import { parseJsonText } from "../http/parse-json";
import { resendEventSchema, verifySvixSignature } from "../integrations/resend-webhook";

/** Resend's webhooks are not tied to one store, so their replay receipts share one pseudo-store. */
const RECEIPT_SCOPE = "resend";

const route = createRoute({
  method: "post",
  path: "/webhooks/resend",
  summary: "Resend delivery events (Svix-signed); bounces and complaints suppress the address",
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
    503: { description: "RESEND_WEBHOOK_SECRET is not set" },
  },
});

export const resendWebhookRoutes = createRouter().openapi(route, async (c) => {
  const secret = readConfig(c.env).RESEND_WEBHOOK_SECRET;
  if (!secret) throw new AppError("not_configured", "RESEND_WEBHOOK_SECRET is not set");
  const headers = c.req.valid("header");
  const raw = new Uint8Array(await c.req.arrayBuffer());
  const valid = await verifySvixSignature(secret, { id: headers["svix-id"], timestamp: headers["svix-timestamp"], signature: headers["svix-signature"] }, raw);
  if (!valid) throw new AppError("unauthorized", "svix-signature does not match, or svix-timestamp is outside 5 minutes");

  const db = database(c.env.DB);
  if (await hasReceipt(db, RECEIPT_SCOPE, headers["svix-id"])) return c.json({ status: "duplicate" as const }, 200);
  const event = parseJsonText(new TextDecoder().decode(raw), resendEventSchema);
  const status = await applyDeliveryEvent(c.env, db, event);
  await saveReceipt(db, RECEIPT_SCOPE, headers["svix-id"]);
  return c.json({ status }, 200);
});

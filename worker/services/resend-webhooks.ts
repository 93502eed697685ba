import { hasReceipt, saveReceipt } from "../db/webhook-receipts";
import { AppError } from "../domain/errors";
import { parseJsonText } from "../domain/parse-json";
import { resendEventSchema, verifySvixSignature } from "../integrations/resend-webhook";
import type { ServiceContext } from "./context";
import { applyDeliveryEvent, type DeliveryEventResult } from "./delivery-events";

/** Resend's webhooks are not tied to one store, so their replay receipts share one pseudo-store. */
const RECEIPT_SCOPE = "resend";

export type ResendWebhook = { id: string; timestamp: string; signature: string; body: Uint8Array };

/** A Svix-signed Resend event: verified, applied once per `svix-id`. */
export async function receiveResendWebhook(ctx: ServiceContext, webhook: ResendWebhook): Promise<DeliveryEventResult | "duplicate"> {
  const secret = ctx.config.RESEND_WEBHOOK_SECRET;
  if (!secret) throw new AppError("not_configured", "RESEND_WEBHOOK_SECRET is not set");
  if (!(await verifySvixSignature(secret, webhook, webhook.body))) {
    throw new AppError("unauthorized", "svix-signature does not match, or svix-timestamp is outside 5 minutes");
  }
  if (await hasReceipt(ctx.db, RECEIPT_SCOPE, webhook.id)) return "duplicate";
  const event = parseJsonText(new TextDecoder().decode(webhook.body), resendEventSchema);
  const status = await applyDeliveryEvent(ctx, event);
  await saveReceipt(ctx.db, RECEIPT_SCOPE, webhook.id);
  return status;
}

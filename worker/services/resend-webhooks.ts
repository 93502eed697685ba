import { findEmailByProviderId } from "../db/emails";
import { hasReceipt, saveReceipt } from "../db/webhook-receipts";
import { AppError } from "../domain/errors";
import { parseJsonText } from "../domain/parse-json";
import { resendEventSchema, verifySvixSignature, type ResendEvent } from "../integrations/resend-webhook";
import { directoryOf, everyShard, forStoreId, type ServiceContext, type WorkerContext } from "./context";
import { applyDeliveryEvent, type DeliveryEventResult } from "./delivery-events";

/** Resend's webhooks are not tied to one store, so their replay receipts share one pseudo-store, in the directory. */
const RECEIPT_SCOPE = "resend";

export type ResendWebhook = { id: string; timestamp: string; signature: string; body: Uint8Array };

/** A Svix-signed Resend event: verified, applied once per `svix-id`. */
export async function receiveResendWebhook(ctx: WorkerContext, webhook: ResendWebhook): Promise<DeliveryEventResult | "duplicate"> {
  const secret = ctx.config.RESEND_WEBHOOK_SECRET;
  if (!secret) throw new AppError("not_configured", "RESEND_WEBHOOK_SECRET is not set");
  if (!(await verifySvixSignature(secret, webhook, webhook.body))) {
    throw new AppError("unauthorized", "svix-signature does not match, or svix-timestamp is outside 5 minutes");
  }
  const directory = directoryOf(ctx);
  if (await hasReceipt(directory, RECEIPT_SCOPE, webhook.id)) return "duplicate";
  const event = parseJsonText(new TextDecoder().decode(webhook.body), resendEventSchema);
  const shard = await shardOfEvent(ctx, event);
  const status = shard ? await applyDeliveryEvent(shard, event) : "unknown_email";
  await saveReceipt(directory, RECEIPT_SCOPE, webhook.id);
  return status;
}

/**
 * The shard of the store whose email the event is about: named by the `store_id` tag every email
 * carries; an event without it (none of ours) is looked for by Resend's email id on every shard.
 */
async function shardOfEvent(ctx: WorkerContext, event: ResendEvent): Promise<ServiceContext | null> {
  const storeId = event.data.tags?.store_id;
  if (storeId) return forStoreId(ctx, storeId);
  const emailId = event.data.email_id;
  if (!emailId) return null;
  for (const shard of everyShard(ctx)) if (await findEmailByProviderId(shard.db, emailId)) return shard;
  return null;
}

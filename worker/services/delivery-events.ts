import { type Outcome, recordEmailOutcome } from "../db/delivery-rollups";
import { findEmailByProviderId, setEmailsStatus } from "../db/emails";
import { endSoftBounceStreak, extendSoftBounceStreak } from "../db/soft-bounce-streaks";
import { SOFT_BOUNCE_LIMIT } from "../domain/deliverability/address-hygiene";
import type { EmailEventType, EmailStatus } from "../domain/catalogue";
import type { ResendEvent } from "../integrations/resend-webhook";
import { sequenceStub } from "../durable/client";
import type { ServiceContext } from "./context";
import { suppressAddress } from "./suppressions";

/** Resend's event types and the timeline event each becomes. */
const TIMELINE_TYPES: Record<string, EmailEventType> = {
  "email.sent": "email_accepted",
  "email.delivered": "email_delivered",
  "email.delivery_delayed": "email_delivery_delayed",
  "email.opened": "email_opened",
  "email.clicked": "email_clicked",
  "email.bounced": "email_bounced",
  "email.complained": "email_complained",
  "email.failed": "email_failed",
};

const EMAIL_STATUS: Record<string, EmailStatus> = { "email.delivered": "delivered", "email.bounced": "bounced", "email.complained": "complained" };

/** The events the deliverability guard counts (see db/delivery-rollups). */
const OUTCOMES: Record<string, Outcome> = { "email.delivered": "delivered", "email.bounced": "bounced", "email.complained": "complained" };

function describe(event: ResendEvent): string {
  const { data } = event;
  if (data.bounce) return `bounce ${data.bounce.type ?? ""} ${data.bounce.subType ?? ""}: ${data.bounce.message ?? ""}`.trim();
  if (data.click?.link) return `clicked ${data.click.link}`;
  if (data.failed?.reason) return `failed: ${data.failed.reason}`;
  return `${event.type} at ${event.created_at}`;
}

export type DeliveryEventResult = "recorded" | "ignored" | "unknown_email";

/**
 * Puts a Resend event on its sequence's timeline (found by Resend's email id, else by the tags we
 * sent) and updates the counters; a permanent bounce, a complaint or a third soft bounce in a
 * row suppresses the address.
 */
export async function applyDeliveryEvent(ctx: Pick<ServiceContext, "env" | "db">, event: ResendEvent): Promise<DeliveryEventResult> {
  const { env, db } = ctx;
  const type = TIMELINE_TYPES[event.type];
  if (!type) return "ignored";
  const email = event.data.email_id ? await findEmailByProviderId(db, event.data.email_id) : null;
  const tags = event.data.tags ?? {};
  const storeId = email?.storeId ?? tags.store_id;
  const sequenceId = email?.sequenceId ?? tags.sequence_id;
  const stepId = email?.stepId ?? tags.step;
  const found = storeId && sequenceId ? await sequenceStub(env, db, storeId, sequenceId) : null;
  if (!storeId || !stepId || !found) return "unknown_email";

  await found.stub.recordEmailEvent(stepId, type, describe(event));
  const address = email?.toEmail ?? event.data.to?.[0];
  const permanentBounce = event.type === "email.bounced" && event.data.bounce?.type !== "Transient";
  const softBounce = event.type === "email.bounced" && !permanentBounce;
  // A soft bounce is a mailbox's passing refusal: the email is still in play, not bounced.
  const status = softBounce ? undefined : EMAIL_STATUS[event.type];
  if (email && status) await setEmailsStatus(db, [email.id], status);
  const outcome = OUTCOMES[event.type];
  if (email && outcome && !softBounce) await recordEmailOutcome(db, email.id, outcome, Date.now());

  if (!address) return "recorded";
  if (permanentBounce) await suppressAddress(ctx, { storeId, email: address, reason: "bounced" });
  if (event.type === "email.complained") await suppressAddress(ctx, { storeId, email: address, reason: "complained" });
  if (event.type === "email.delivered") await endSoftBounceStreak(db, storeId, address);
  if (softBounce && (await extendSoftBounceStreak(db, storeId, address)) >= SOFT_BOUNCE_LIMIT) {
    await suppressAddress(ctx, { storeId, email: address, reason: "bounced" });
  }
  return "recorded";
}

import type { Env } from "../config";
import type { Database } from "../db/client";
import { saveEmailOnce } from "../db/emails";
import { findStoreById } from "../db/stores";
import { cartSequence } from "../durable/cart-sequences";
import type { EmailJob } from "../queues/email-job";
import { renderRecoveryEmail } from "./email-content";

/**
 * Delivers one queued email step. Safe under redelivery: the cart's Durable Object lets a step
 * through only until it is confirmed sent, and the email row is unique per (sequence, step).
 * Without a Resend key (outbox mode) the rendered email is stored for the dashboard instead.
 */
export async function deliverEmail(env: Pick<Env, "CART_SEQUENCE">, db: Database, job: EmailJob) {
  const sequence = cartSequence(env, job.store_id, job.cart_token);
  const claim = await sequence.claimEmail(job.step_id);
  if (!claim.send) return;
  const store = await findStoreById(db, job.store_id);
  if (!store) return;
  const content = renderRecoveryEmail(store.settings, claim.step, claim.cart);
  const emailId = await saveEmailOnce(db, {
    storeId: job.store_id,
    sequenceId: job.sequence_id,
    stepId: job.step_id,
    to: claim.to,
    status: "outbox",
    ...content,
  });
  await sequence.confirmEmail(job.step_id, `"${content.subject}" to ${claim.to}, kept in the outbox (${emailId}); no RESEND_API_KEY set`);
}

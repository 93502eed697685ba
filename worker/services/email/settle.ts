import type { EmailRow } from "../../db/emails";
import type { SequenceProjection } from "../../db/sequence-projection";
import type { EmailJob } from "../../domain/email/email-job";
import { retryDelaySeconds, type MessageOutcome } from "../../domain/retry";
import type { CartSequenceStub } from "../../durable/client";

/**
 * Tells the cart's Durable Object its email went out (or into the outbox); retried if the object
 * cannot be reached. What the object hands back joins `projections` (see projectHandedBack).
 */
export async function confirmSent(stub: CartSequenceStub, job: EmailJob, row: EmailRow, outcomes: MessageOutcome[], index: number, projections: SequenceProjection[]) {
  const detail =
    row.status === "outbox"
      ? `"${row.subject}" to ${row.toEmail}, kept in the outbox (${row.id}): no RESEND_API_KEY set`
      : `"${row.subject}" to ${row.toEmail} via Resend (id ${row.providerId})`;
  try {
    const handedBack = await stub.confirmEmail(job.step_id, detail);
    if (handedBack) projections.push(handedBack);
  } catch {
    outcomes[index] = { kind: "retry", delaySeconds: retryDelaySeconds(1) };
  }
}

import { findEmailsOfSequences, markEmailsFailed } from "../../db/emails";
import type { EmailJob } from "../../domain/email/email-job";
import { cartSequenceStub } from "../../durable/client";
import type { ServiceContext } from "../context";
import { jobKey } from "./pipeline";

/**
 * A send job that exhausted its retries ends its step as failed, with the last error the send
 * recorded, so the sequence moves on (or completes) instead of waiting `active` forever. An email
 * row still `sending` is failed too: no delivery will resend it. If that row's last request was
 * accepted by Resend but its answer was lost, the email may have gone out; the reason says so.
 */
export async function settleDeadEmailJobs(ctx: Pick<ServiceContext, "db" | "env">, jobs: EmailJob[]) {
  const rows = await findEmailsOfSequences(ctx.db, jobs.map((job) => job.sequence_id));
  for (const job of jobs) {
    const row = rows.get(jobKey(job));
    const unconfirmed = row?.status === "sending" && (row.outcomeUnknown || row.error === null);
    const reason = [
      "the send queue gave up after its retries",
      row?.error ? `last error: ${row.error}` : null,
      unconfirmed ? "Resend never confirmed it, so it may have gone out" : null,
    ]
      .filter(Boolean)
      .join("; ");
    if (row?.status === "sending") await markEmailsFailed(ctx.db, [row.id], reason);
    await cartSequenceStub(ctx.env, job.store_id, job.cart_token).failEmail(job.step_id, reason);
  }
}

import type { Env } from "../config";
import { database } from "../db/client";
import { deliverEmail } from "../domain/email-delivery";
import { recordDeadLetter } from "../db/dead-letters";
import { emailJobSchema } from "./email-job";

const MAX_BACKOFF_SECONDS = 300;

/** Per-message ack or retry with exponential backoff; the queue moves exhausted ones to its DLQ. */
export async function consumeEmailBatch(batch: MessageBatch<unknown>, env: Env) {
  const db = database(env.DB);
  for (const message of batch.messages) {
    const job = emailJobSchema.safeParse(message.body);
    if (!job.success) {
      await recordDeadLetter(db, batch.queue, message);
      message.ack();
      continue;
    }
    try {
      await deliverEmail(env, db, job.data);
      message.ack();
    } catch (error) {
      console.error("email send failed; will retry", job.data, error);
      message.retry({ delaySeconds: Math.min(2 ** message.attempts, MAX_BACKOFF_SECONDS) });
    }
  }
}

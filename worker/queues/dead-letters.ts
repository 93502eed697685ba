import { emailJobSchema } from "../domain/email/email-job";
import { retryDelaySeconds } from "../domain/retry";
import { serviceContext } from "../services/context";
import { keepDeadLetter } from "../services/dead-letters";
import { settleDeadEmailJobs } from "../services/email/dead-letters";

/** The send queue's dead-letter queue (wrangler.toml). */
const EMAIL_DLQ = "reva-email-dlq";

/**
 * Messages that exhausted their retries are kept in D1, where the merchant's dashboard can show
 * them. Those of the analytics DLQ are also the store's analytics backlog: the fan-out delivers
 * them once the store's integrations take events again (services/analytics-fanout). A dead email
 * job also settles its step as failed, so its sequence does not stay `active` forever; if that
 * cannot be done now, the message is retried (keeping it again is a no-op).
 */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env) {
  const ctx = serviceContext(env);
  for (const message of batch.messages) {
    await keepDeadLetter(ctx, { queue: batch.queue, message });
    const job = batch.queue === EMAIL_DLQ ? emailJobSchema.safeParse(message.body) : null;
    try {
      if (job?.success) await settleDeadEmailJobs(ctx, [job.data]);
      message.ack();
    } catch (error) {
      console.error(`${batch.queue}: could not settle a dead email job; retrying`, error);
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}

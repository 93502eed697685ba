import { emailJobSchema, type EmailJob } from "../domain/email/email-job";
import { retryDelaySeconds } from "../domain/retry";
import { serviceContext } from "../services/context";
import { sendEmailJobs } from "../services/email/send-email-jobs";
import { keepDeadLetter } from "../services/dead-letters";

/** Hands a delivery to the sender, then acks or retries each message as it says. */
export async function consumeEmailBatch(batch: MessageBatch<unknown>, env: Env) {
  const ctx = serviceContext(env);
  const valid: { message: Message<unknown>; job: EmailJob }[] = [];
  for (const message of batch.messages) {
    const job = emailJobSchema.safeParse(message.body);
    if (job.success) valid.push({ message, job: job.data });
    else {
      await keepDeadLetter(ctx, { queue: batch.queue, message });
      message.ack();
    }
  }
  if (valid.length === 0) return;
  const attempts = Math.max(...valid.map((v) => v.message.attempts));
  try {
    const outcomes = await sendEmailJobs(ctx, { jobs: valid.map((v) => v.job), attempts });
    outcomes.forEach((outcome, i) => {
      const { message } = valid[i]!;
      if (outcome.kind === "done") message.ack();
      else message.retry({ delaySeconds: outcome.delaySeconds });
    });
  } catch (error) {
    console.error("email batch failed; retrying every message", error);
    for (const { message } of valid) message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
  }
}

import { readConfig, type Env } from "../config";
import { database } from "../db/client";
import { recordDeadLetter } from "../db/dead-letters";
import { linkSealers } from "../domain/email/link-sealers";
import { sendEmailJobs } from "../domain/email/sending";
import { emailJobSchema, type EmailJob } from "./email-job";

/** Hands a delivery to the sender, then acks or retries each message as it says. */
export async function consumeEmailBatch(batch: MessageBatch<unknown>, env: Env) {
  const db = database(env.DB);
  const config = readConfig(env);
  const valid: { message: Message<unknown>; job: EmailJob }[] = [];
  for (const message of batch.messages) {
    const job = emailJobSchema.safeParse(message.body);
    if (job.success) valid.push({ message, job: job.data });
    else {
      await recordDeadLetter(db, batch.queue, message);
      message.ack();
    }
  }
  if (valid.length === 0) return;
  const resend = config.RESEND_API_KEY ? { baseUrl: config.RESEND_BASE_URL, apiKey: config.RESEND_API_KEY } : null;
  const attempts = Math.max(...valid.map((v) => v.message.attempts));
  try {
    const outcomes = await sendEmailJobs(
      { env, db, resend, sealers: linkSealers(config), baseUrl: (job) => config.PUBLIC_BASE_URL ?? job.base_url },
      valid.map((v) => v.job),
      attempts,
    );
    outcomes.forEach((outcome, i) => {
      const { message } = valid[i]!;
      if (outcome.kind === "done") message.ack();
      else message.retry({ delaySeconds: outcome.delaySeconds });
    });
  } catch (error) {
    console.error("email batch failed; retrying every message", error);
    for (const { message } of valid) message.retry({ delaySeconds: Math.min(5 * 2 ** message.attempts, 300) });
  }
}

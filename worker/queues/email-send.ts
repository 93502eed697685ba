import { emailJobSchema } from "../domain/email/email-job";
import { sendEmailJobs } from "../services/email/send-email-jobs";
import { consumeBatch } from "./consume";

/** The send queue: a delivery's email jobs go to the sender together, batched for Resend. */
export const consumeEmailBatch = (batch: MessageBatch<unknown>, env: Env) =>
  consumeBatch(batch, env, emailJobSchema, (ctx, received) =>
    sendEmailJobs(ctx, { jobs: received.map((r) => r.body), attempts: Math.max(...received.map((r) => r.attempts)) }),
  );

import { emailJobSchema } from "../domain/email/email-job";
import { retryDelaySeconds } from "../domain/retry";
import { forStoreId, onShard, workerContext, type WorkerContext } from "../services/context";
import { keepDeadLetter } from "../services/dead-letters";
import { settleDeadEmailJobs } from "../services/email/dead-letters";

/** The send queue's dead-letter queue (wrangler.toml). */
const EMAIL_DLQ = "reva-email-dlq";

/**
 * Messages that exhausted their retries are kept in D1, where the merchant's dashboard can show
 * them. Those of the analytics DLQ are also the store's analytics backlog: the fan-out delivers
 * them once the store's integrations take events again (services/analytics-fanout). A dead email
 * job also settles its step as failed, so its sequence does not stay `active` forever; if that
 * cannot be done now, the message is retried (keeping it again is a no-op). Each is kept on the
 * shard of the store it names, where that store's dashboard reads it.
 */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env) {
  const worker = workerContext(env);
  for (const message of batch.messages) {
    const job = batch.queue === EMAIL_DLQ ? emailJobSchema.safeParse(message.body) : null;
    try {
      const ctx = await shardOfMessage(worker, message.body);
      await keepDeadLetter(ctx, { queue: batch.queue, message });
      if (job?.success) await settleDeadEmailJobs(ctx, [job.data]);
      message.ack();
    } catch (error) {
      console.error(`${batch.queue}: could not keep or settle a dead letter; retrying`, error);
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}

/** The shard of the store a message names (`store_id`), else the directory. */
async function shardOfMessage(ctx: WorkerContext, body: unknown) {
  const storeId = typeof body === "object" && body !== null ? (body as { store_id?: unknown }).store_id : undefined;
  return typeof storeId === "string" ? forStoreId(ctx, storeId) : onShard(ctx, ctx.config.shards[0]!);
}

import type { ZodType } from "zod";
import { retryDelaySeconds, type MessageOutcome } from "../domain/retry";
import { directoryOf, onShard, shardOfStore, workerContext, type ServiceContext, type WorkerContext } from "../services/context";
import { keepDeadLetter } from "../services/dead-letters";

export type Received<T> = { body: T; attempts: number };

type Valid<T> = { message: Message<unknown>; body: T };

/**
 * How every consumer treats a delivery: each message is parsed with its schema (one that does not
 * fit is kept as a dead letter and acked: retrying cannot fix it), the valid ones go to `handle`
 * together, one call per shard of their stores (each message names its store), and each is acked
 * or retried as its outcome says. If `handle` throws, every valid message of that shard is
 * retried with backoff, so nothing is lost.
 */
export async function consumeBatch<T extends { store_id: string }>(
  batch: MessageBatch<unknown>,
  env: Env,
  schema: ZodType<T>,
  handle: (ctx: ServiceContext, received: Received<T>[]) => Promise<MessageOutcome[]>,
) {
  const ctx = workerContext(env);
  const valid: Valid<T>[] = [];
  for (const message of batch.messages) {
    const parsed = schema.safeParse(message.body);
    if (parsed.success) valid.push({ message, body: parsed.data });
    else {
      // A message that does not parse names no store it can be trusted for: the directory keeps it.
      await keepDeadLetter({ db: directoryOf(ctx) }, { queue: batch.queue, message });
      message.ack();
    }
  }
  if (valid.length === 0) return;
  let byShard: Map<string, Valid<T>[]>;
  try {
    byShard = await groupByShard(ctx, valid);
  } catch (error) {
    console.error(`${batch.queue}: could not find the messages' shards; retrying every message`, error);
    for (const { message } of valid) message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    return;
  }
  // One shard after another: a handler paces its calls out (Resend, GA4, Klaviyo) as if it were the delivery's only one.
  for (const [shard, messages] of byShard) await handleOnShard(batch.queue, ctx, shard, messages, handle);
}

async function groupByShard<T extends { store_id: string }>(ctx: WorkerContext, valid: Valid<T>[]): Promise<Map<string, Valid<T>[]>> {
  const byShard = new Map<string, Valid<T>[]>();
  for (const item of valid) {
    const shard = await shardOfStore(ctx, item.body.store_id);
    byShard.set(shard, [...(byShard.get(shard) ?? []), item]);
  }
  return byShard;
}

async function handleOnShard<T>(
  queue: string,
  ctx: WorkerContext,
  shard: string,
  valid: Valid<T>[],
  handle: (ctx: ServiceContext, received: Received<T>[]) => Promise<MessageOutcome[]>,
) {
  try {
    const outcomes = await handle(onShard(ctx, shard), valid.map(({ message, body }) => ({ body, attempts: message.attempts })));
    outcomes.forEach((outcome, i) => {
      const { message } = valid[i]!;
      if (outcome.kind === "done") message.ack();
      else message.retry({ delaySeconds: outcome.delaySeconds });
    });
  } catch (error) {
    console.error(`${queue}: delivery failed on ${shard}; retrying its messages`, error);
    for (const { message } of valid) message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
  }
}

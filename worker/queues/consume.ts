import type { ZodType } from "zod";
import { retryDelaySeconds, type MessageOutcome } from "../domain/retry";
import { serviceContext, type ServiceContext } from "../services/context";
import { keepDeadLetter } from "../services/dead-letters";

export type Received<T> = { body: T; attempts: number };

/**
 * How every consumer treats a delivery: each message is parsed with its schema (one that does not
 * fit is kept as a dead letter and acked: retrying cannot fix it), the valid ones go to `handle`
 * together, and each is acked or retried as its outcome says. If `handle` throws, every valid
 * message is retried with backoff, so nothing is lost.
 */
export async function consumeBatch<T>(
  batch: MessageBatch<unknown>,
  env: Env,
  schema: ZodType<T>,
  handle: (ctx: ServiceContext, received: Received<T>[]) => Promise<MessageOutcome[]>,
) {
  const ctx = serviceContext(env);
  const valid: { message: Message<unknown>; body: T }[] = [];
  for (const message of batch.messages) {
    const parsed = schema.safeParse(message.body);
    if (parsed.success) valid.push({ message, body: parsed.data });
    else {
      await keepDeadLetter(ctx, { queue: batch.queue, message });
      message.ack();
    }
  }
  if (valid.length === 0) return;
  try {
    const outcomes = await handle(ctx, valid.map(({ message, body }) => ({ body, attempts: message.attempts })));
    outcomes.forEach((outcome, i) => {
      const { message } = valid[i]!;
      if (outcome.kind === "done") message.ack();
      else message.retry({ delaySeconds: outcome.delaySeconds });
    });
  } catch (error) {
    console.error(`${batch.queue}: delivery failed; retrying every message`, error);
    for (const { message } of valid) message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
  }
}

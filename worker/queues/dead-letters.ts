import { serviceContext } from "../services/context";
import { keepDeadLetter } from "../services/dead-letters";

/** Messages that exhausted their retries are kept in D1, where the merchant's dashboard can show them. */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env) {
  const ctx = serviceContext(env);
  for (const message of batch.messages) {
    await keepDeadLetter(ctx, { queue: batch.queue, message });
    message.ack();
  }
}

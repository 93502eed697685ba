import { serviceContext } from "../services/context";
import { keepDeadLetter } from "../services/dead-letters";

/**
 * Messages that exhausted their retries are kept in D1, where the merchant's dashboard can show
 * them. Those of the analytics DLQ are also the store's analytics backlog: the fan-out delivers
 * them once the store's integrations take events again (services/analytics-fanout).
 */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env) {
  const ctx = serviceContext(env);
  for (const message of batch.messages) {
    await keepDeadLetter(ctx, { queue: batch.queue, message });
    message.ack();
  }
}

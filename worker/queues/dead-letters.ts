import type { Env } from "../config";
import { database } from "../db/client";
import { recordDeadLetter } from "../db/dead-letters";

/** Messages that exhausted their retries are kept in D1, where the merchant's dashboard can show them. */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env) {
  const db = database(env.DB);
  for (const message of batch.messages) {
    await recordDeadLetter(db, batch.queue, message);
    message.ack();
  }
}

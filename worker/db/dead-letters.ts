import type { Database } from "./client";
import { deadLetters } from "./schema";

/** Keyed by the queue message id, so a redelivered dead letter is stored once. */
export async function recordDeadLetter(db: Database, queue: string, message: Message<unknown>) {
  await db
    .insert(deadLetters)
    .values({ id: `${queue}:${message.id}`, queue, body: JSON.stringify(message.body), createdAt: new Date().toISOString() })
    .onConflictDoNothing();
}

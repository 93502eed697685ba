import { listDeadLetters as listDeadLetterRows, recordDeadLetter } from "../db/dead-letters";
import type { ServiceContext, StoreContext } from "./context";

/** Queue messages that exhausted their retries are kept, where the merchant's dashboard can show them. */
export async function keepDeadLetter({ db }: Pick<ServiceContext, "db">, input: { queue: string; message: Message<unknown> }) {
  await recordDeadLetter(db, input.queue, input.message);
}

/** The store's dead letters, newest first, with the queue message as it was sent. */
export async function listDeadLetters({ db, store }: StoreContext, limit: number) {
  const rows = await listDeadLetterRows(db, store.id, limit);
  return rows.map((row) => ({ id: row.id, queue: row.queue, body: JSON.parse(row.body) as unknown, created_at: row.createdAt }));
}

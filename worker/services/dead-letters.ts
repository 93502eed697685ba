import { listDeadLetters as listDeadLetterRows, recordDeadLetter } from "../db/dead-letters";
import type { ServiceContext, StoreContext } from "./context";

/** Queue messages that exhausted their retries are kept, where the merchant's dashboard can show them. */
export async function keepDeadLetter({ db }: Pick<ServiceContext, "db">, input: { queue: string; message: Message<unknown> }) {
  await recordDeadLetter(db, input.queue, input.message);
}

export function listDeadLetters({ db, store }: StoreContext, limit: number) {
  return listDeadLetterRows(db, store.id, limit);
}

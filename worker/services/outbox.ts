import { listEmails } from "../db/emails";
import type { StoreContext } from "./context";

/** The store's rendered recovery emails, newest first, whatever became of them. */
export function listOutbox({ db, store }: StoreContext, limit: number) {
  return listEmails(db, store.id, limit);
}

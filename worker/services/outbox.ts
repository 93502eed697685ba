import { listEmails, type EmailRow } from "../db/emails";
import type { StoreContext } from "./context";

const view = (row: EmailRow) => ({
  id: row.id,
  sequence_id: row.sequenceId,
  step_id: row.stepId,
  to: row.toEmail,
  subject: row.subject,
  text: row.text,
  html: row.html,
  status: row.status,
  provider_id: row.providerId,
  error: row.error,
  created_at: row.createdAt,
});

/** The store's rendered recovery emails, newest first, whatever became of them. */
export async function listOutbox({ db, store }: StoreContext, limit: number) {
  return (await listEmails(db, store.id, limit)).map(view);
}

import { and, desc, eq } from "drizzle-orm";
import type { EmailContent } from "../domain/email-content";
import { newId } from "../domain/ids";
import type { Database } from "./client";
import { emails } from "./schema";

/** Inserts the email of (sequence, step) once; a redelivered job gets the existing row back. */
export async function saveEmailOnce(
  db: Database,
  email: { storeId: string; sequenceId: string; stepId: string; to: string; status: string } & EmailContent,
) {
  await db
    .insert(emails)
    .values({
      id: newId("email"),
      storeId: email.storeId,
      sequenceId: email.sequenceId,
      stepId: email.stepId,
      toEmail: email.to,
      subject: email.subject,
      html: email.html,
      text: email.text,
      status: email.status,
      createdAt: new Date().toISOString(),
    })
    .onConflictDoNothing();
  const row = await db
    .select({ id: emails.id })
    .from(emails)
    .where(and(eq(emails.sequenceId, email.sequenceId), eq(emails.stepId, email.stepId)))
    .get();
  return row?.id as string;
}

export async function listEmails(db: Database, storeId: string, limit: number) {
  const rows = await db.select().from(emails).where(eq(emails.storeId, storeId)).orderBy(desc(emails.id)).limit(limit).all();
  return rows.map((row) => ({
    id: row.id,
    sequence_id: row.sequenceId,
    step_id: row.stepId,
    to: row.toEmail,
    subject: row.subject,
    text: row.text,
    html: row.html,
    status: row.status,
    created_at: row.createdAt,
  }));
}

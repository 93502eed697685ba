import { findBatchRows, findEmailsOfSequences, insertEmailsOnce, markEmailsFailed, setBatchKey, type NewEmailRow } from "../../db/emails";
import { findSequenceCartTokens } from "../../db/send-facts";
import type { SequenceProjection } from "../../db/sequence-projection";
import { composeRecoveryEmail } from "../../domain/email/compose";
import type { Store } from "../../db/stores";
import type { LinkSealers } from "../../domain/email/email-links";
import type { SenderSource } from "../../domain/email/sender";
import type { EmailJob } from "../../domain/email/email-job";
import { newId } from "../../domain/ids";
import { localDay } from "../../domain/local-time";
import { retryDelaySeconds, type MessageOutcome } from "../../domain/retry";
import { cartSequenceStub } from "../../durable/client";
import { sha256Hex } from "../../security/hmac";
import type { ServiceContext } from "../context";
import { storesOf } from "./claims";
import { jobKey, type Batch, type Claimed, type Pending } from "./pipeline";
import { resendEmailProblem, type ResendEmail } from "../../integrations/resend";
import { toResendEmail } from "./resend-client";
import { confirmSent } from "./settle";

/** Resend takes at most 100 emails per batch request. */
const MAX_BATCH = 100;
/** A batch row this young with no recorded outcome may still be in flight in another delivery. */
const IN_FLIGHT_MS = 60_000;
/**
 * The most an email row may hold (subject, html, text and the stored request body). With the
 * items capped (domain/email/recovery-email) an email stays far below it; only extreme copy, such
 * as a long step body full of placeholders, reaches it, and that email fails with the reason
 * instead of writing megabytes to D1 (its rows are capped at 2 MB) and to Resend.
 */
export const MAX_STORED_EMAIL_BYTES = 256 * 1024;

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;
const storedBytes = (row: Pick<NewEmailRow, "subject" | "html" | "text" | "payload">) =>
  utf8Bytes(row.subject) + utf8Bytes(row.html) + utf8Bytes(row.text) + utf8Bytes(JSON.stringify(row.payload ?? null));

/**
 * A row too large to keep or send becomes a failed row holding only the reason; an email Resend
 * would refuse (see `resendEmailProblem`) fails alone, before its batch is sent.
 */
function checkedRow(row: NewEmailRow, email: ResendEmail): NewEmailRow {
  const bytes = storedBytes(row);
  if (bytes > MAX_STORED_EMAIL_BYTES) {
    const error = `email too large to send: ${Math.ceil(bytes / 1024)} KB stored (limit ${MAX_STORED_EMAIL_BYTES / 1024} KB); shorten the step's copy`;
    return { ...row, html: "", text: "", payload: null, status: "failed", error };
  }
  const problem = resendEmailProblem(email);
  return problem ? { ...row, status: "failed", error: `invalid email, not sent: ${problem}` } : row;
}

async function batchKey(emailIds: string[]) {
  return `reva-batch/${await sha256Hex([...emailIds].sort().join(","))}`;
}

/**
 * Batches whose answer never came are resent from their stored rows, after every row (not only
 * this delivery's) is re-checked with its cart's Durable Object.
 *
 * Why the batch's one idempotency key stays safe: Resend's batch endpoint takes one key per
 * request, so the body must be resent byte for byte or Resend answers 409. A row whose attempt
 * may have reached Resend (an unknown outcome, or an attempt that never recorded its end) keeps
 * its lease until its outcome is known, and its stop said "in flight": so such a batch is resent
 * whole, same body and key; Resend then replays its first answer, or sends what it never got.
 * Only a batch none of whose attempts can have reached Resend may lose a member whose lease ended
 * (its sequence stopped with nothing in flight); the rest then go as a new request under a new
 * key, which cannot send twice because nothing was ever accepted under the old one. (Per-email
 * keys would not help: Resend dedupes per request, so a member resent alone under its own key
 * would go out again if the batch had been accepted.)
 */
export async function resumeBatches({ db, env }: Pick<ServiceContext, "db" | "env">, resumed: Pending[], outcomes: MessageOutcome[]): Promise<Batch[]> {
  const byKey = new Map<string, Pending[]>();
  for (const item of resumed) {
    const key = item.row.batchKey as string;
    byKey.set(key, [...(byKey.get(key) ?? []), item]);
  }
  const batches: Batch[] = [];
  for (const [key, here] of byKey) {
    const rows = await findBatchRows(db, key);
    const attemptEnded = rows.every((row) => row.error !== null);
    const youngest = Math.max(...rows.map((row) => Date.parse(row.createdAt)));
    if (!attemptEnded && Date.now() - youngest < IN_FLIGHT_MS) {
      for (const item of here) outcomes[item.index] = { kind: "retry", delaySeconds: IN_FLIGHT_MS / 1000 };
      continue;
    }
    const hereIds = new Set(here.map((item) => item.row.id));
    const otherRows = rows.filter((row) => !hereIds.has(row.id));
    const tokens = await findSequenceCartTokens(db, otherRows.map((row) => row.sequenceId));
    const others = otherRows.flatMap((row) => {
      const token = tokens.get(row.sequenceId);
      return token ? [{ row, stub: cartSequenceStub(env, row.storeId, token) }] : [];
    });
    const maybeAtResend = rows.some((row) => row.outcomeUnknown || row.error === null);
    if (maybeAtResend) {
      batches.push({ key, rows, here, others, fresh: false });
      continue;
    }
    const held = await Promise.all(others.map((other) => other.row.status === "sending" && other.stub.emailInFlight(other.row.stepId)));
    const dropped = new Set([...otherRows.filter((row) => !tokens.has(row.sequenceId)), ...others.filter((_, i) => !held[i]).map((o) => o.row)].map((row) => row.id));
    if (dropped.size === 0) {
      batches.push({ key, rows, here, others, fresh: true });
      continue;
    }
    await markEmailsFailed(db, [...dropped], "not sent: its sequence ended before the email went out");
    const kept = rows.filter((row) => !dropped.has(row.id));
    const newKey = await batchKey(kept.map((row) => row.id));
    await setBatchKey(db, kept.map((row) => row.id), newKey);
    batches.push({ key: newKey, rows: kept, here, others: others.filter((o) => !dropped.has(o.row.id)), fresh: true });
  }
  return batches;
}

type FreshOptions = { sealers: LinkSealers; baseUrl: (job: EmailJob) => string; outboxMode: boolean; sender: (store: Store) => SenderSource };

/** Renders new emails and records them before sending; in outbox mode that record is the delivery. */
export async function prepareFresh({ db }: Pick<ServiceContext, "db">, fresh: Claimed[], outcomes: MessageOutcome[], options: FreshOptions, projections: SequenceProjection[]): Promise<Batch[]> {
  if (fresh.length === 0) return [];
  const stores = await storesOf(db, fresh.map((item) => item.job));
  const status = options.outboxMode ? "outbox" : "sending";
  const batches: Batch[] = [];
  // One store per request: a store whose sender Resend refuses fails only its own emails.
  const chunks = [...Map.groupBy(fresh, (item) => item.job.store_id).values()].flatMap((items) =>
    Array.from({ length: Math.ceil(items.length / MAX_BATCH) }, (_, i) => items.slice(i * MAX_BATCH, (i + 1) * MAX_BATCH)),
  );
  for (const chunk of chunks) {
    const now = Date.now();
    const drafts: { item: Claimed; row: NewEmailRow }[] = [];
    for (const item of chunk) {
      const store = stores.get(item.job.store_id);
      if (!store) continue;
      const { content, payload } = await composeRecoveryEmail({
        settings: store.settings,
        storeId: item.job.store_id,
        sequenceId: item.job.sequence_id,
        step: item.claim.step,
        cart: item.claim.cart,
        to: item.claim.to,
        sealers: options.sealers,
        baseUrl: options.baseUrl(item.job),
        sender: options.sender(store),
      });
      drafts.push({
        item,
        row: checkedRow(
          { id: newId("email"), storeId: item.job.store_id, sequenceId: item.job.sequence_id, stepId: item.job.step_id, toEmail: item.claim.to, ...content, status, payload: toResendEmail(payload), createdAt: new Date(now).toISOString(), localDay: localDay(now, store.settings.timezone) },
          toResendEmail(payload),
        ),
      });
    }
    // Sent in id order, the order a resumed batch is rebuilt in: same body, same key, no 409.
    drafts.sort((a, b) => a.row.id.localeCompare(b.row.id));
    const key = await batchKey(drafts.filter((d) => d.row.status !== "failed").map((d) => d.row.id));
    await insertEmailsOnce(db, drafts.map((d) => ({ ...d.row, batchKey: d.row.status === "failed" ? null : key })));
    const stored = await findEmailsOfSequences(db, drafts.map((d) => d.item.job.sequence_id));
    const batch: Pending[] = [];
    for (const { item, row } of drafts) {
      const saved = stored.get(jobKey(item.job));
      if (saved?.id !== row.id) {
        // Another delivery of this job got there first; it owns the send.
        outcomes[item.index] = { kind: "retry", delaySeconds: retryDelaySeconds(1) };
      } else if (saved.status === "failed") {
        await item.stub.failEmail(item.job.step_id, saved.error ?? "email could not be made");
      } else if (options.outboxMode) {
        await confirmSent(item.stub, item.job, saved, outcomes, item.index, projections);
      } else {
        batch.push({ index: item.index, job: item.job, stub: item.stub, row: saved, lease: item.claim.lease });
      }
    }
    if (batch.length > 0) batches.push({ key, rows: batch.map((b) => b.row), here: batch, others: [], fresh: true });
  }
  return batches;
}

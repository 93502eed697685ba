import type { Env } from "../../config";
import type { Database } from "../../db/client";
import {
  findEmailsOfSequences,
  findBatchRows,
  insertEmailsOnce,
  markEmailsAttempted,
  markEmailsFailed,
  markEmailsSent,
  setEmailsStatus,
  type EmailRow,
  type NewEmailRow,
} from "../../db/emails";
import { findSequenceRecipients, loadShopperHistories, shopperKey } from "../../db/send-facts";
import { cachedStoreById } from "../../db/store-cache";
import { cartSequence, type CartSequenceStub } from "../../durable/cart-sequences";
import type { EmailClaim } from "../../durable/cart-sequence";
import { sendBatch, type ResendClient, type ResendEmail } from "../../integrations/resend";
import type { EmailJob } from "../../queues/email-job";
import { sha256Hex } from "../../security/hmac";
import { historyWindow, type ShopperHistory } from "../coordinator";
import { newId } from "../ids";
import { composeRecoveryEmail } from "./compose";
import type { LinkSealers } from "./email-links";

export type JobOutcome = { kind: "done" } | { kind: "retry"; delaySeconds: number };

export type SendingDeps = {
  env: Pick<Env, "CART_SEQUENCE">;
  db: Database;
  /** null: outbox mode (no RESEND_API_KEY) — emails are rendered and kept, never sent. */
  resend: ResendClient | null;
  sealers: LinkSealers;
  baseUrl: (job: EmailJob) => string;
  sleep?: (ms: number) => Promise<void>;
};

const MAX_BATCH = 100;
const MAX_INLINE_RATE_WAIT_S = 3;
const MAX_BACKOFF_S = 300;
/** A batch row this young with no recorded outcome may still be in flight in another delivery. */
const IN_FLIGHT_MS = 60_000;

type Pending = { index: number; job: EmailJob; row: EmailRow; stub: CartSequenceStub };
/** One Resend request: all of its rows (its body, in id order) and the jobs of this delivery among them. */
type Batch = { key: string; rows: EmailRow[]; here: Pending[] };
type Claimed = { index: number; job: EmailJob; stub: CartSequenceStub; claim: Extract<EmailClaim, { send: true }> };

const rowKey = (job: EmailJob) => `${job.sequence_id}/${job.step_id}`;
const backoff = (attempts: number) => Math.min(5 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_S);

/**
 * Sends one queue delivery of email jobs, exactly once each, in as few Resend requests as it can.
 *
 * 1. Each job's Durable Object decides again (stopped, ordered, unsubscribed → not sent).
 * 2. New emails are rendered and written as rows in state `sending`, with their batch's request
 *    body and idempotency key, before any request is made.
 * 3. A row found still `sending` (an earlier attempt's answer was lost) is resent with its whole
 *    original batch, same body and key, so Resend answers with the first ids instead of sending
 *    again; while that earlier attempt may still be running, the job waits instead.
 * 4. The answer settles the rows and the Durable Objects; what cannot be settled now is retried.
 */
export async function sendEmailJobs(deps: SendingDeps, jobs: EmailJob[], attempts: number): Promise<JobOutcome[]> {
  const outcomes: JobOutcome[] = jobs.map(() => ({ kind: "done" }));
  const stubs = jobs.map((job) => cartSequence(deps.env, job.store_id, job.cart_token));
  const claims = await claimAll(deps.db, jobs, stubs);
  const claimed: Claimed[] = [];
  claims.forEach((claim, index) => {
    if (claim.send) claimed.push({ index, job: jobs[index]!, stub: stubs[index]!, claim });
  });
  if (claimed.length === 0) return outcomes;
  const rows = await findEmailsOfSequences(deps.db, claimed.map((c) => c.job.sequence_id));
  const resumed: Pending[] = [];
  const fresh: Claimed[] = [];
  for (const item of claimed) {
    const row = rows.get(rowKey(item.job));
    if (!row) fresh.push(item);
    else if (row.status === "sending") resumed.push({ ...item, row });
    else if (row.status === "failed") await item.stub.failEmail(item.job.step_id, row.error ?? "rejected by Resend");
    else await confirm(item.stub, item.job, row, outcomes, item.index);
  }

  if (!deps.resend) {
    // Left half-sent when the Resend key was removed: they end in the outbox like the rest.
    await setEmailsStatus(deps.db, resumed.map((item) => item.row.id), "outbox");
    await Promise.all(resumed.map((item) => confirm(item.stub, item.job, { ...item.row, status: "outbox" }, outcomes, item.index)));
  }
  const batches = [...(deps.resend ? await resumeBatches(deps.db, resumed, outcomes) : []), ...(await prepareFresh(deps, fresh, outcomes))];
  if (!deps.resend) return outcomes;
  const pace = pacer(deps.sleep);
  for (const batch of batches) await sendOne(deps, deps.resend, batch, attempts, outcomes, pace);
  return outcomes;
}

/**
 * Batches whose answer never came are resent whole, from their stored rows, so the body and key
 * match the first request exactly, even when only some of their jobs are in this delivery.
 */
async function resumeBatches(db: Database, resumed: Pending[], outcomes: JobOutcome[]): Promise<Batch[]> {
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
    } else {
      batches.push({ key, rows, here });
    }
  }
  return batches;
}

/**
 * Claims every job, one shopper's jobs one after another: each granted claim is added to that
 * shopper's history before the next is decided, so two carts of one shopper in one delivery
 * cannot both pass the frequency cap. Different shoppers are claimed in parallel.
 */
async function claimAll(db: Database, jobs: EmailJob[], stubs: CartSequenceStub[]): Promise<EmailClaim[]> {
  const historyOf = await loadHistories(db, jobs);
  const claims: EmailClaim[] = new Array(jobs.length);
  const byShopper = new Map<string, number[]>();
  jobs.forEach((job, index) => {
    const key = historyOf(job)?.email ? shopperKey(job.store_id, historyOf(job)!.email) : `job:${index}`;
    byShopper.set(key, [...(byShopper.get(key) ?? []), index]);
  });
  await Promise.all(
    [...byShopper.values()].map(async (indexes) => {
      for (const index of indexes) {
        const job = jobs[index]!;
        const history = historyOf(job);
        claims[index] = await stubs[index]!.claimEmail(job.step_id, history);
        if (claims[index]!.send && history) history.sends.push({ at: Date.now(), sequenceId: job.sequence_id, stepId: job.step_id });
      }
    }),
  );
  return claims;
}

/**
 * Every recipient's history for the whole delivery in two D1 round trips, instead of one per
 * email inside each Durable Object's claim (a cart whose address changed meanwhile reads its own).
 */
async function loadHistories(db: Database, jobs: EmailJob[]) {
  const recipients = await findSequenceRecipients(db, jobs.map((job) => job.sequence_id));
  const shoppers = jobs.flatMap((job) => {
    const email = recipients.get(job.sequence_id);
    return email ? [{ storeId: job.store_id, email }] : [];
  });
  const stores = await storesOf(db, jobs.map((job) => ({ job })));
  const widestHours = Math.max(0, ...[...stores.values()].map((store) => store.settings.frequency_cap.per_hours));
  const { since, today } = historyWindow(widestHours, Date.now());
  const histories = shoppers.length > 0 ? await loadShopperHistories(db, shoppers, since, today) : new Map<string, ShopperHistory>();
  return (job: EmailJob) => {
    const email = recipients.get(job.sequence_id);
    return email ? (histories.get(shopperKey(job.store_id, email)) ?? null) : null;
  };
}

async function storesOf(db: Database, jobs: { job: EmailJob }[]) {
  const ids = [...new Set(jobs.map((j) => j.job.store_id))];
  const stores = await Promise.all(ids.map((id) => cachedStoreById(db, id)));
  return new Map(stores.flatMap((store) => (store ? [[store.id, store] as const] : [])));
}

async function batchKey(emailIds: string[]) {
  return `reva-batch/${await sha256Hex([...emailIds].sort().join(","))}`;
}

/** Renders new emails and records them before sending; in outbox mode that record is the delivery. */
async function prepareFresh(deps: SendingDeps, fresh: Claimed[], outcomes: JobOutcome[]): Promise<Batch[]> {
  if (fresh.length === 0) return [];
  const stores = await storesOf(deps.db, fresh);
  const status = deps.resend ? "sending" : "outbox";
  const batches: Batch[] = [];
  // One store per request: a store whose sender Resend refuses fails only its own emails.
  const chunks = [...Map.groupBy(fresh, (item) => item.job.store_id).values()].flatMap((items) =>
    Array.from({ length: Math.ceil(items.length / MAX_BATCH) }, (_, i) => items.slice(i * MAX_BATCH, (i + 1) * MAX_BATCH)),
  );
  for (const chunk of chunks) {
    const now = new Date().toISOString();
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
        sealers: deps.sealers,
        baseUrl: deps.baseUrl(item.job),
      });
      drafts.push({
        item,
        row: { id: newId("email"), storeId: item.job.store_id, sequenceId: item.job.sequence_id, stepId: item.job.step_id, toEmail: item.claim.to, ...content, status, payload, createdAt: now },
      });
    }
    // Sent in id order, the order a resumed batch is rebuilt in: same body, same key, no 409.
    drafts.sort((a, b) => a.row.id.localeCompare(b.row.id));
    const key = await batchKey(drafts.map((d) => d.row.id));
    await insertEmailsOnce(deps.db, drafts.map((d) => ({ ...d.row, batchKey: key })));
    const stored = await findEmailsOfSequences(deps.db, drafts.map((d) => d.item.job.sequence_id));
    const batch: Pending[] = [];
    for (const { item, row } of drafts) {
      const saved = stored.get(rowKey(item.job));
      if (saved?.id !== row.id) {
        // Another delivery of this job got there first; it owns the send.
        outcomes[item.index] = { kind: "retry", delaySeconds: backoff(1) };
      } else if (!deps.resend) {
        await confirm(item.stub, item.job, saved, outcomes, item.index);
      } else {
        batch.push({ index: item.index, job: item.job, stub: item.stub, row: saved });
      }
    }
    if (batch.length > 0) batches.push({ key, rows: batch.map((b) => b.row), here: batch });
  }
  return batches;
}

async function confirm(stub: CartSequenceStub, job: EmailJob, row: EmailRow, outcomes: JobOutcome[], index: number) {
  const detail =
    row.status === "outbox"
      ? `"${row.subject}" to ${row.toEmail}, kept in the outbox (${row.id}): no RESEND_API_KEY set`
      : `"${row.subject}" to ${row.toEmail} via Resend (id ${row.providerId})`;
  try {
    await stub.confirmEmail(job.step_id, detail);
  } catch {
    outcomes[index] = { kind: "retry", delaySeconds: backoff(1) };
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Spaces requests to the account's rate; Resend's 429 answers are the backstop. */
function pacer(sleep = realSleep) {
  let next = 0;
  return async (requestsPerSecond: number) => {
    const wait = next - Date.now();
    if (wait > 0) await sleep(wait);
    next = Math.max(Date.now(), next) + 1000 / requestsPerSecond;
  };
}

async function sendOne(
  deps: SendingDeps,
  resend: ResendClient,
  batch: Batch,
  attempts: number,
  outcomes: JobOutcome[],
  pace: (rps: number) => Promise<void>,
) {
  const sleep = deps.sleep ?? realSleep;
  const stores = await storesOf(deps.db, batch.here);
  const rps = Math.min(...[...stores.values()].map((s) => s.settings.resend.requests_per_second));
  const body = batch.rows.map((row) => row.payload as ResendEmail);
  await pace(rps);
  let result = await sendBatch(resend, body, batch.key);
  for (let tries = 1; result.kind === "rate_limited" && result.retryAfterSeconds <= MAX_INLINE_RATE_WAIT_S && tries < 3; tries++) {
    await sleep(result.retryAfterSeconds * 1000);
    await pace(rps);
    result = await sendBatch(resend, body, batch.key);
  }
  const ids = batch.rows.map((row) => row.id);
  const retryHere = async (delaySeconds: number, why: string) => {
    // Recorded so the next delivery knows this attempt is over and may resend at once.
    await markEmailsAttempted(deps.db, ids, why);
    for (const item of batch.here) outcomes[item.index] = { kind: "retry", delaySeconds };
  };

  switch (result.kind) {
    case "sent": {
      const providerIds = new Map(batch.rows.map((row, i) => [row.id, result.ids[i] as string]));
      await markEmailsSent(deps.db, batch.rows.map((row) => ({ id: row.id, providerId: providerIds.get(row.id) as string })));
      await Promise.all(
        batch.here.map((b) => confirm(b.stub, b.job, { ...b.row, status: "sent", providerId: providerIds.get(b.row.id) ?? null }, outcomes, b.index)),
      );
      return;
    }
    case "rate_limited":
      return retryHere(Math.ceil(result.retryAfterSeconds), "rate limited by Resend; will retry");
    case "unavailable":
      console.warn("Resend unavailable; batch will be resent with the same key", batch.key, result.message);
      return retryHere(backoff(attempts), result.message);
    case "rejected":
      await markEmailsFailed(deps.db, ids, result.message);
      await Promise.all(batch.here.map((b) => b.stub.failEmail(b.job.step_id, result.message)));
  }
}

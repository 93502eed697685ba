import { findEmailsOfSequences, markEmailsFailed, setEmailsStatus } from "../../db/emails";
import type { SequenceProjection } from "../../db/sequence-projection";
import type { EmailJob } from "../../domain/email/email-job";
import { retryDelaySeconds, type MessageOutcome } from "../../domain/retry";
import type { ResendClient } from "../../integrations/resend";
import { cartSequenceStub } from "../../durable/client";
import type { ServiceContext } from "../context";
import { projectHandedBack } from "../sequence-projections";
import { senderSource } from "../sending-domains";
import { prepareFresh, resumeBatches } from "./batches";
import { claimAll } from "./claims";
import { deliverBatch, pacer, realSleep, type Sleep } from "./deliver";
import { linkBaseUrl, linkSealers } from "./links";
import { jobKey, type Claimed, type Pending } from "./pipeline";
import { resendClient } from "./resend-client";
import { sendingHealth } from "./sending-pause";
import { confirmSent } from "./settle";

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
 *
 * Each store's jobs go through these steps on their own (its requests are its own anyway).
 *
 * @param input.attempts the highest delivery attempt among the jobs, for the retry backoff.
 */
export async function sendEmailJobs(ctx: ServiceContext, input: { jobs: EmailJob[]; attempts: number; sleep?: Sleep }): Promise<MessageOutcome[]> {
  const resend = resendClient(ctx.config);
  // Made first: without SECRETS_KEY no link can be sealed, and nothing may be claimed or settled.
  const freshOptions = { sealers: linkSealers(ctx.config), baseUrl: (job: EmailJob) => linkBaseUrl(ctx.config, job.base_url), outboxMode: !resend, sender: senderSource.bind(null, ctx.config) };
  const sleep = input.sleep ?? realSleep;
  const pace = pacer(sleep);
  const outcomes: MessageOutcome[] = input.jobs.map(() => ({ kind: "done" }));
  const byStore = Map.groupBy(input.jobs.map((job, index) => ({ job, index })), ({ job }) => job.store_id);
  // One store after another, under one pacer: a store's failure (a throw anywhere in its part)
  // retries its own jobs only, never another store's that were sent or settled meanwhile.
  for (const [storeId, members] of byStore) {
    try {
      const projections: SequenceProjection[] = [];
      const storeOutcomes = await sendStoreJobs(ctx, members.map((m) => m.job), { resend, freshOptions, attempts: input.attempts, pace, sleep, projections });
      // The store's settled objects, projected together (a failure retries its jobs, see projectHandedBack).
      await projectHandedBack(ctx, projections);
      storeOutcomes.forEach((outcome, i) => (outcomes[members[i]!.index] = outcome));
    } catch (error) {
      console.error(`email send: store ${storeId} failed; retrying its ${members.length} job(s)`, error);
      for (const { index } of members) outcomes[index] = { kind: "retry", delaySeconds: retryDelaySeconds(input.attempts) };
    }
  }
  return outcomes;
}

/**
 * A refused claim may leave a row `sending` from an attempt that provably never reached Resend
 * (its lease was released after a 429 or a refused account, then the sequence ended): it is
 * failed with the claim's reason, so it neither waits in the outbox nor counts against the
 * shopper's frequency cap. One read, only when claims were refused; a row whose outcome is
 * unknown, or whose attempt has not ended, is left to its batch.
 */
async function closeUnsentRows({ db }: Pick<ServiceContext, "db">, refused: { job: EmailJob; reason: string }[]) {
  if (refused.length === 0) return;
  const rows = await findEmailsOfSequences(db, refused.map((r) => r.job.sequence_id));
  for (const { job, reason } of refused) {
    const row = rows.get(jobKey(job));
    if (row?.status === "sending" && !row.outcomeUnknown && row.error !== null) await markEmailsFailed(db, [row.id], `not sent: ${reason}`);
  }
}

type StoreRun = {
  resend: ResendClient | null;
  freshOptions: Parameters<typeof prepareFresh>[3];
  attempts: number;
  pace: ReturnType<typeof pacer>;
  sleep: Sleep;
  projections: SequenceProjection[];
};

/** The steps above for one store's jobs. */
async function sendStoreJobs(ctx: ServiceContext, jobs: EmailJob[], run: StoreRun): Promise<MessageOutcome[]> {
  const { env, db } = ctx;
  const { resend } = run;
  const outcomes: MessageOutcome[] = jobs.map(() => ({ kind: "done" }));
  const stubs = jobs.map((job) => cartSequenceStub(env, job.store_id, job.cart_token));
  const health = resend ? await sendingHealth(ctx, jobs[0]!.store_id) : null;
  if (health?.pause) {
    // Resend refused the store's account or domain: nothing is claimed or sent; the emails wait.
    const { until, reason } = health.pause;
    const inFlight = await Promise.all(jobs.map((job, i) => stubs[i]!.deferEmail(job.step_id, until, reason)));
    // An email in flight is not deferred (its outcome is not known): its job comes back after the pause.
    inFlight.forEach((held, i) => held && (outcomes[i] = { kind: "retry", delaySeconds: Math.ceil((until - Date.now()) / 1000) }));
    return outcomes;
  }
  const { claims, senders } = await claimAll(ctx, jobs, stubs);
  const claimed: Claimed[] = [];
  const refused: { job: EmailJob; reason: string }[] = [];
  claims.forEach((claim, index) => {
    if (claim.send) claimed.push({ index, job: jobs[index]!, stub: stubs[index]!, claim });
    else refused.push({ job: jobs[index]!, reason: claim.reason });
  });
  await closeUnsentRows(ctx, refused);
  if (claimed.length === 0) return outcomes;
  const rows = await findEmailsOfSequences(db, claimed.map((c) => c.job.sequence_id));
  const resumed: Pending[] = [];
  const fresh: Claimed[] = [];
  for (const item of claimed) {
    const row = rows.get(jobKey(item.job));
    // No row: no request was ever made for it (rows are written before). An ended sequence's
    // in-flight claim without one is released (skipped), never made now.
    if (!row && item.claim.resume && !item.claim.live) await item.stub.releaseEmail(item.job.step_id, item.claim.lease);
    else if (!row) fresh.push(item);
    else if (row.status === "sending") resumed.push({ ...item, row, lease: item.claim.lease });
    else if (row.status === "failed") await item.stub.failEmail(item.job.step_id, row.error ?? "rejected by Resend");
    else await confirmSent(item.stub, item.job, row, outcomes, item.index, run.projections);
  }

  if (!resend) {
    // Left half-sent when the Resend key was removed: they end in the outbox like the rest.
    await setEmailsStatus(db, resumed.map((item) => item.row.id), "outbox");
    await Promise.all(resumed.map((item) => confirmSent(item.stub, item.job, { ...item.row, status: "outbox" }, outcomes, item.index, run.projections)));
  }
  const batches = [...(resend ? await resumeBatches(ctx, resumed, outcomes) : []), ...(await prepareFresh(ctx, fresh, outcomes, run.freshOptions, run.projections))];
  if (!resend) return outcomes;
  // A store the deliverability guard has slowed sends at half its pace.
  const paceFactor = senders.get(jobs[0]!.store_id)?.verdict.state === "slowed" ? 0.5 : 1;
  const delivery = { resend, attempts: run.attempts, outcomes, pace: run.pace, paceFactor, sleep: run.sleep, succeeded: health?.succeeded ?? (async () => {}), projections: run.projections };
  for (const batch of batches) await deliverBatch(ctx, batch, delivery);
  return outcomes;
}

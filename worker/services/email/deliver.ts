import { markEmailsAttempted, markEmailsFailed, markEmailsSent } from "../../db/emails";
import type { SequenceProjection } from "../../db/sequence-projection";
import { addressOf, domainOfAddress } from "../../domain/email/sender";
import { retryDelaySeconds, type MessageOutcome } from "../../domain/retry";
import { isResendEmail, sendBatch, type ResendClient } from "../../integrations/resend";
import type { ServiceContext } from "../context";
import { storesOf } from "./claims";
import type { Batch } from "./pipeline";
import { pauseSending } from "./sending-pause";
import { confirmSent } from "./settle";

/** A 429 asking for this long or less is waited out inline; a longer wait goes back to the queue. */
const MAX_INLINE_RATE_WAIT_S = 3;

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Spaces requests to the account's rate; Resend's 429 answers are the backstop. */
export function pacer(sleep: Sleep) {
  let next = 0;
  return async (requestsPerSecond: number) => {
    const wait = next - Date.now();
    if (wait > 0) await sleep(wait);
    next = Math.max(Date.now(), next) + 1000 / requestsPerSecond;
  };
}

export type Delivery = {
  resend: ResendClient;
  attempts: number;
  outcomes: MessageOutcome[];
  pace: ReturnType<typeof pacer>;
  /** 0.5 while the deliverability guard slows the store, else 1. */
  paceFactor: number;
  sleep: Sleep;
  /** Resend sent for the store: a pause for an operator problem ends. */
  succeeded: () => Promise<void>;
  /** What the settled objects handed back, projected by the caller after the delivery (see projectHandedBack). */
  projections: SequenceProjection[];
};

/** Sends one batch request and settles its rows and Durable Objects by the answer. */
export async function deliverBatch({ db }: Pick<ServiceContext, "db">, batch: Batch, delivery: Delivery) {
  const { resend, outcomes, pace, sleep, projections } = delivery;
  const stores = await storesOf(db, batch.here.map((item) => item.job));
  const rps = Math.min(...[...stores.values()].map((s) => s.settings.resend.requests_per_second)) * delivery.paceFactor;
  const body = batch.rows.map((row) => {
    if (!isResendEmail(row.payload)) throw new Error(`email ${row.id} has no valid stored request body`);
    return row.payload;
  });
  await pace(rps);
  let result = await sendBatch(resend, body, batch.key);
  for (let tries = 1; result.kind === "rate_limited" && result.retryAfterSeconds <= MAX_INLINE_RATE_WAIT_S && tries < 3; tries++) {
    await sleep(result.retryAfterSeconds * 1000);
    await pace(rps);
    result = await sendBatch(resend, body, batch.key);
  }
  const ids = batch.rows.map((row) => row.id);
  /**
   * Recorded so the next delivery knows this attempt is over and may resend at once;
   * `outcomeUnknown` when Resend may have accepted the batch anyway.
   */
  const retryHere = async (delaySeconds: number, why: string, outcomeUnknown: boolean) => {
    await markEmailsAttempted(db, ids, why, outcomeUnknown);
    for (const item of batch.here) outcomes[item.index] = { kind: "retry", delaySeconds };
  };
  /** Every object of the batch's rows, this delivery's and the others', for outcomes about all of them. */
  const members = [...batch.here.map((b) => ({ stub: b.stub, stepId: b.job.step_id, rowId: b.row.id })), ...batch.others.map((o) => ({ stub: o.stub, stepId: o.row.stepId, rowId: o.row.id }))];

  switch (result.kind) {
    case "sent": {
      const rowResults = batch.rows.map((row, i) => ({ row, result: result.results[i]! }));
      const sent = rowResults.flatMap(({ row, result }) =>
        "id" in result && isResendEmail(row.payload) ? [{ id: row.id, providerId: result.id, senderDomain: domainOfAddress(addressOf(row.payload.from)) }] : [],
      );
      const refused = rowResults.flatMap(({ row, result }) => ("error" in result ? [{ id: row.id, error: `Resend refused this email: ${result.error}` }] : []));
      await markEmailsSent(db, sent, Date.now());
      // Usually none: each distinct reason is one statement.
      for (const [error, rows] of Map.groupBy(refused, (r) => r.error)) await markEmailsFailed(db, rows.map((r) => r.id), error);
      const providerIds = new Map(sent.map((s) => [s.id, s.providerId]));
      const refusedWhy = new Map(refused.map((r) => [r.id, r.error]));
      await Promise.all(
        batch.here.map((b) => {
          const why = refusedWhy.get(b.row.id);
          if (why !== undefined) return b.stub.failEmail(b.job.step_id, why);
          return confirmSent(b.stub, b.job, { ...b.row, status: "sent", providerId: providerIds.get(b.row.id) ?? null }, outcomes, b.index, projections);
        }),
      );
      // The other rows' jobs settle their own objects when they come; told now, their leases end sooner.
      await settleOthers(batch, async (o) => {
        const why = refusedWhy.get(o.row.id);
        if (why !== undefined) return o.stub.failEmail(o.row.stepId, why);
        const handedBack = await o.stub.confirmEmail(o.row.stepId, `"${o.row.subject}" to ${o.row.toEmail} via Resend (id ${providerIds.get(o.row.id)})`);
        if (handedBack) projections.push(handedBack);
      });
      if (sent.length > 0) await delivery.succeeded();
      return;
    }
    case "rate_limited":
      await retryHere(Math.ceil(result.retryAfterSeconds), "rate limited by Resend; will retry", false);
      // Provably never sent: these claims are no longer in flight (a stop now skips the step).
      if (batch.fresh) await Promise.all(batch.here.map((b) => b.stub.releaseEmail(b.job.step_id, b.lease)));
      return;
    case "unavailable":
      console.warn("Resend unavailable; batch will be resent with the same key", batch.key, result.message);
      return retryHere(retryDelaySeconds(delivery.attempts), result.message, true);
    case "account_problem": {
      // Nothing was sent and no shopper's email is at fault: the store pauses, the emails wait
      // (their rows stay `sending` with the attempt recorded, so they are resent as they are).
      const pause = await pauseSending({ db }, batch.rows[0]!.storeId, result.message);
      if (!batch.fresh) return retryHere(Math.ceil((pause.until - Date.now()) / 1000), result.message, false);
      await markEmailsAttempted(db, ids, result.message, false);
      await Promise.all(batch.here.map((b) => b.stub.deferEmail(b.job.step_id, pause.until, pause.reason, b.lease)));
      return;
    }
    case "rejected":
      await markEmailsFailed(db, ids, result.message);
      await Promise.all(members.map((m) => m.stub.failEmail(m.stepId, result.message)));
  }
}

/** Tells the other rows' objects an outcome; one that cannot be reached learns it from its own job. */
async function settleOthers(batch: Batch, settle: (other: Batch["others"][number]) => Promise<unknown>) {
  await Promise.all(
    batch.others.map(async (other) => {
      try {
        await settle(other);
      } catch (error) {
        console.warn("could not settle a batch-mate's object now; its own job will", other.row.id, error);
      }
    }),
  );
}

import { findSequenceRecipients, loadShopperHistories, shopperKey } from "../../db/send-facts";
import { cachedStoreById } from "../../db/store-cache";
import type { Store } from "../../db/stores";
import { loadSenderStandings } from "../../db/sender-standing";
import { historySince, type KlaviyoFact, type SenderStanding, type ShopperHistory } from "../../domain/coordinator";
import { addressOf, domainOfAddress } from "../../domain/email/sender";
import type { EmailJob } from "../../domain/email/email-job";
import { localDay } from "../../domain/local-time";
import { shopperLedgerStub, type CartSequenceStub } from "../../durable/client";
import type { AdvanceReservation } from "../../durable/shopper-ledger";
import type { EmailClaim } from "../../domain/email-steps";
import type { ServiceContext } from "../context";
import { checkKlaviyo } from "../klaviyo-check";

/**
 * Claims every job, one shopper's jobs one after another: each granted claim is added to that
 * shopper's history before the next is decided, so two carts of one shopper in one delivery
 * cannot both pass the frequency cap. Different shoppers are claimed in parallel.
 */
export async function claimAll(
  ctx: Pick<ServiceContext, "db" | "config" | "env">,
  jobs: EmailJob[],
  stubs: CartSequenceStub[],
): Promise<{ claims: EmailClaim[]; senders: Map<string, SenderStanding> }> {
  const { historyOf, stores, senders } = await loadHistories(ctx, jobs);
  const claims: EmailClaim[] = new Array(jobs.length);
  const byShopper = new Map<string, number[]>();
  jobs.forEach((job, index) => {
    const email = historyOf(job)?.email;
    const key = email ? shopperKey(job.store_id, email) : `job:${index}`;
    byShopper.set(key, [...(byShopper.get(key) ?? []), index]);
  });
  const klaviyoOf = await askKlaviyo(ctx, jobs, historyOf, stores);
  const reserved = await reserveAhead(ctx, jobs, historyOf, stores, byShopper);
  try {
    await Promise.all(
      [...byShopper.values()].map(async (indexes) => {
        const klaviyo = klaviyoOf(jobs[indexes[0]!]!);
        for (const index of indexes) {
          const job = jobs[index]!;
          const history = historyOf(job);
          claims[index] = await stubs[index]!.claimEmail(job.step_id, { history, klaviyo, reservation: reserved.get(index) ?? null });
          if (claims[index]!.send && history) history.sends.push({ at: Date.now(), sequenceId: job.sequence_id, stepId: job.step_id });
        }
      }),
    );
  } finally {
    await releaseUnused(ctx, jobs, claims, reserved);
  }
  return { claims, senders };
}

/**
 * The frequency cap's reservations (see durable/shopper-ledger) for the whole delivery in one
 * call per store, made before the claims, each cart's object then using its own instead of
 * asking the ledger: one round trip instead of one per email, which a burst made one after
 * another. Only a shopper with one job here is reserved ahead: several carts of one shopper
 * are claimed in turn and reserve as they go, so a refused claim never holds a place another
 * of theirs needed.
 */
async function reserveAhead(
  { env }: Pick<ServiceContext, "env">,
  jobs: EmailJob[],
  historyOf: (job: EmailJob) => ShopperHistory | null,
  stores: Map<string, Store>,
  byShopper: Map<string, number[]>,
): Promise<Map<number, AdvanceReservation>> {
  const ahead = [...byShopper.values()].flatMap((indexes) => {
    const index = indexes[0]!;
    const job = jobs[index]!;
    const email = historyOf(job)?.email;
    const cap = stores.get(job.store_id)?.settings.frequency_cap;
    return indexes.length === 1 && email && cap ? [{ index, storeId: job.store_id, request: { email, key: sendKey(job), max: cap.max_emails, perHours: cap.per_hours } }] : [];
  });
  const reserved = new Map<number, AdvanceReservation>();
  for (const [storeId, requests] of Map.groupBy(ahead, (a) => a.storeId)) {
    const answers = await shopperLedgerStub(env, storeId).reserveMany(requests.map((r) => r.request));
    requests.forEach(({ index, request }, i) => reserved.set(index, { email: request.email, key: request.key, result: answers[i]! }));
  }
  return reserved;
}

/** Reservations made ahead that no send uses (the claim was refused, or its cart's address changed): taken back. */
async function releaseUnused({ env }: Pick<ServiceContext, "env">, jobs: EmailJob[], claims: EmailClaim[], reserved: Map<number, AdvanceReservation>) {
  // A claim that never answered (its object threw) may have used its reservation: it is kept.
  const unused = [...reserved].filter(([index, { email, result }]) => {
    const claim = claims[index];
    return result.granted && claim !== undefined && (!claim.send || claim.to.toLowerCase() !== email.toLowerCase());
  });
  for (const [storeId, members] of Map.groupBy(unused, ([index]) => jobs[index]!.store_id)) {
    await shopperLedgerStub(env, storeId).release(members.map(([, { email, key }]) => ({ email, key })));
  }
}

const sendKey = (job: EmailJob) => `${job.sequence_id}/${job.step_id}`;

/**
 * Klaviyo's answer (rule 4) for every shopper of the delivery, asked right before the send, once
 * per store for all its shoppers.
 */
async function askKlaviyo(
  ctx: Pick<ServiceContext, "db" | "config">,
  jobs: EmailJob[],
  historyOf: (job: EmailJob) => ShopperHistory | null,
  stores: Map<string, Store>,
): Promise<(job: EmailJob) => KlaviyoFact | null> {
  const answers = new Map<string, Map<string, KlaviyoFact> | null>();
  for (const [storeId, storeJobs] of Map.groupBy(jobs, (job) => job.store_id)) {
    const store = stores.get(storeId);
    const emails = storeJobs.flatMap((job) => historyOf(job)?.email ?? []);
    if (store && emails.length > 0) answers.set(storeId, await checkKlaviyo(ctx, store, emails));
  }
  return (job) => {
    const email = historyOf(job)?.email;
    return email ? (answers.get(job.store_id)?.get(email) ?? null) : null;
  };
}

/**
 * Every recipient's history for the whole delivery in two D1 round trips, instead of one per
 * email inside each Durable Object's claim (a cart whose address changed meanwhile reads its own).
 */
async function loadHistories({ db, config }: Pick<ServiceContext, "db" | "config">, jobs: EmailJob[]) {
  const recipients = await findSequenceRecipients(db, jobs.map((job) => job.sequence_id));
  const shoppers = jobs.flatMap((job) => {
    const email = recipients.get(job.sequence_id);
    return email ? [{ storeId: job.store_id, email }] : [];
  });
  const stores = await storesOf(db, jobs);
  const now = Date.now();
  const widestHours = Math.max(0, ...[...stores.values()].map((store) => store.settings.frequency_cap.per_hours));
  const since = historySince(widestHours, now);
  const dayByStore = new Map([...stores.values()].map((store) => [store.id, localDay(now, store.settings.timezone)]));
  const senders = await loadSenderStandings(db, [...stores.values()], domainOfAddress(addressOf(config.defaultFrom)), now);
  const histories = shoppers.length > 0 ? await loadShopperHistories(db, shoppers, since, dayByStore, senders) : new Map<string, ShopperHistory>();
  const historyOf = (job: EmailJob) => {
    const email = recipients.get(job.sequence_id);
    return email ? (histories.get(shopperKey(job.store_id, email)) ?? null) : null;
  };
  return { historyOf, stores, senders };
}

/** The stores of these jobs (cached per isolate), by id; a deleted store is simply absent. */
export async function storesOf(db: ServiceContext["db"], jobs: Pick<EmailJob, "store_id">[]): Promise<Map<string, Store>> {
  const ids = [...new Set(jobs.map((job) => job.store_id))];
  const stores = await Promise.all(ids.map((id) => cachedStoreById(db, id)));
  return new Map(stores.flatMap((store) => (store ? [[store.id, store] as const] : [])));
}

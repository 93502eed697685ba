import { domainScope, readGuardWindows, readRollupHours, storeScope } from "../db/delivery-rollups";
import { loadSenderStandings, senderDomainOf } from "../db/sender-standing";
import { forgetStore } from "../db/store-cache";
import { findStoreById, resumeStoreSending } from "../db/stores";
import { deliveryRates } from "../domain/deliverability/rates";
import type { DeliverabilityReport, DeliverabilitySummary } from "../domain/deliverability/report";
import { addressOf, domainOfAddress } from "../domain/email/sender";
import { notFound } from "../domain/errors";
import type { StoreContext } from "./context";

const WEEK_MS = 7 * 86_400_000;

/** The guard's view of the store: its rates over 24 h and 7 days, its verdict and since when, the warm-up, the week hour by hour. */
export async function readDeliverability(ctx: StoreContext): Promise<{ report: DeliverabilityReport; rowsRead: number }> {
  const { summary, last7Days, sendingDomain, warmUp, store, rowsRead } = await judgeStore(ctx);
  const report = {
    ...summary,
    last_7_days: last7Days,
    sending_domain: sendingDomain,
    warm_up: warmUp && { domain: warmUp.domain, daily_cap: warmUp.cap },
    resumed_at: store.deliverabilityResumedAt,
    policy: store.settings.deliverability,
    hours: await readRollupHours(ctx.db, storeScope(store.id), Date.now() - WEEK_MS),
  };
  return { report, rowsRead };
}

/** The last 24 hours' rates and the guard's verdict, without the week's detail; and the D1 rows the rates took. */
export async function summariseDeliverability(ctx: StoreContext): Promise<{ summary: DeliverabilitySummary; rowsRead: number }> {
  const { summary, rowsRead } = await judgeStore(ctx);
  return { summary, rowsRead };
}

async function judgeStore(ctx: StoreContext) {
  const now = Date.now();
  const store = await findStoreById(ctx.db, ctx.store.id);
  if (!store) throw notFound("store");
  const sharedDomain = domainOfAddress(addressOf(ctx.config.defaultFrom));
  const standing = (await loadSenderStandings(ctx.db, [store], sharedDomain, now)).get(store.id)!;
  const sender = senderDomainOf(store, sharedDomain);
  const scopes = [{ scope: storeScope(store.id), countsFrom: store.deliverabilityResumedAt }];
  // The shared sender's numbers are other stores' too: a store sees only its own domain's.
  if (!sender.shared) scopes.push({ scope: domainScope(sender.domain), countsFrom: null });
  const read = await readGuardWindows(ctx.db, scopes, now);
  const windows = read.windows.get(storeScope(store.id))!;
  const domainWindows = read.windows.get(domainScope(sender.domain));
  const changed = standing.verdict.state !== store.deliverabilityState;
  const summary: DeliverabilitySummary = {
    ...deliveryRates(windows["24 h"]),
    state: standing.verdict.state,
    since: changed ? new Date(now).toISOString() : store.deliverabilitySince,
    reason: standing.verdict.reason,
  };
  const sendingDomain = {
    ...sender,
    last_24_hours: domainWindows ? deliveryRates(domainWindows["24 h"]) : null,
    last_7_days: domainWindows ? deliveryRates(domainWindows["7 days"]) : null,
  };
  return { summary, last7Days: deliveryRates(windows["7 days"]), sendingDomain, warmUp: standing.warmUp, store, rowsRead: read.rowsRead };
}

/**
 * The merchant resumes sending after a pause: the guard judges only what happens from now on, so
 * the store sends again until a fresh sample (`min_sample` deliveries) shows the same problem.
 * Held emails go on their next look (within 15 minutes).
 */
export async function resumeSending(ctx: StoreContext): Promise<DeliverabilityReport> {
  await resumeStoreSending(ctx.db, ctx.store.id, new Date().toISOString());
  forgetStore(ctx.store.id);
  return (await readDeliverability(ctx)).report;
}

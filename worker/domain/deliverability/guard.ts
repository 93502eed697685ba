import type { DeliverabilityPolicy } from "./policy";
import { type DeliveryCounts, deliveryRates, formatRate } from "./rates";

export type GuardState = "healthy" | "slowed" | "paused";
export type GuardVerdict = { state: GuardState; reason: string | null };

/** The windows the guard watches; the short one reacts, the long one catches a slow leak. */
export type GuardWindows = { "24 h": DeliveryCounts; "7 days": DeliveryCounts };

export const HEALTHY: GuardVerdict = { state: "healthy", reason: null };

const SEVERITY: Record<GuardState, number> = { healthy: 0, slowed: 1, paused: 2 };

type Breach = { state: GuardState; metric: "complaint" | "bounce"; rate: number; window: string };

function breaches(window: string, counts: DeliveryCounts, policy: DeliverabilityPolicy): Breach[] {
  const rates = deliveryRates(counts);
  const found: Breach[] = [];
  // Below the minimum sample a handful of events would swing the rate; nothing is decided.
  if (counts.delivered >= policy.min_sample) {
    const state = rates.complaint_rate >= policy.complaint_rate_pause ? "paused" : rates.complaint_rate >= policy.complaint_rate_slow ? "slowed" : null;
    if (state) found.push({ state, metric: "complaint", rate: rates.complaint_rate, window });
  }
  if (counts.delivered + counts.bounced >= policy.min_sample) {
    const state = rates.bounce_rate >= policy.bounce_rate_pause ? "paused" : rates.bounce_rate >= policy.bounce_rate_slow ? "slowed" : null;
    if (state) found.push({ state, metric: "bounce", rate: rates.bounce_rate, window });
  }
  return found;
}

/**
 * The guard's verdict for one sender: paused above a pause threshold, slowed above a slow one,
 * the worst breach over both windows naming itself, as the merchant reads it on the timeline.
 */
export function judgeDeliverability(windows: GuardWindows, policy: DeliverabilityPolicy): GuardVerdict {
  const all = Object.entries(windows).flatMap(([window, counts]) => breaches(window, counts, policy));
  const worst = all.sort((a, b) => SEVERITY[b.state] - SEVERITY[a.state] || b.rate - a.rate)[0];
  if (!worst) return HEALTHY;
  const what = `${worst.metric} rate ${formatRate(worst.rate)} over ${worst.window}`;
  return { state: worst.state, reason: worst.state === "paused" ? `Deliverability guard: ${what}` : `Deliverability guard: sending slowed, ${what}` };
}

export const worseOf = (a: GuardVerdict, b: GuardVerdict) => (SEVERITY[b.state] > SEVERITY[a.state] ? b : a);

/**
 * The operator's default sender is shared by every store without its own verified domain; one
 * store's bad list must not burn it for the rest. When the shared sender as a whole breaches, a
 * store that breaches on its own (any sample size: its share of the harm is what counts) is held
 * to the shared verdict, and the clean ones keep sending. A shared rate is a weighted mean of the
 * stores' rates, so a breach always holds at least one store: the ones doing the harm stop first.
 */
export function judgeOnSharedSender(shared: GuardWindows, own: GuardWindows, policy: DeliverabilityPolicy): GuardVerdict {
  const verdict = judgeDeliverability(shared, policy);
  if (verdict.state === "healthy") return HEALTHY;
  if (judgeDeliverability(own, { ...policy, min_sample: 1 }).state === "healthy") return HEALTHY;
  return { state: verdict.state, reason: `${verdict.reason} on the shared sender` };
}

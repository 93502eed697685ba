import type { DeliverabilityPolicy } from "./policy";
import { addCounts, type DeliveryCounts, deliveryRates, formatRate, NO_DELIVERIES } from "./rates";

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

/** One store that sends from the operator's shared default sender, with its own windows. */
export type SharedSenderMember = { storeId: string; windows: GuardWindows };

/**
 * The operator's default sender is shared by every store without its own verified domain; one
 * store's bad list must not burn it for the rest. When the shared sender as a whole breaches,
 * the stores that breach on their own (any sample size: their share of the harm is what counts)
 * are held to the shared verdict and the clean ones keep sending. A shared rate is a weighted
 * mean of the stores' rates, so a breach always has at least one such store.
 */
export function judgeSharedSender(members: SharedSenderMember[], policy: DeliverabilityPolicy): Map<string, GuardVerdict> {
  const total = (window: keyof GuardWindows) => members.reduce((sum, m) => addCounts(sum, m.windows[window]), NO_DELIVERIES);
  const shared = judgeDeliverability({ "24 h": total("24 h"), "7 days": total("7 days") }, policy);
  const verdicts = new Map<string, GuardVerdict>();
  if (shared.state === "healthy") return verdicts;
  const held = { state: shared.state, reason: `${shared.reason} on the shared sender` };
  for (const member of members) {
    if (judgeDeliverability(member.windows, { ...policy, min_sample: 1 }).state !== "healthy") verdicts.set(member.storeId, held);
  }
  return verdicts;
}

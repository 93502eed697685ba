/** What Resend reported for a store's (or a sending domain's) emails over one window. */
export type DeliveryCounts = { sent: number; delivered: number; bounced: number; complained: number };

export type DeliveryRates = DeliveryCounts & { bounce_rate: number; complaint_rate: number };

export const NO_DELIVERIES: DeliveryCounts = { sent: 0, delivered: 0, bounced: 0, complained: 0 };

export function addCounts(a: DeliveryCounts, b: DeliveryCounts): DeliveryCounts {
  return { sent: a.sent + b.sent, delivered: a.delivered + b.delivered, bounced: a.bounced + b.bounced, complained: a.complained + b.complained };
}

/**
 * Bounce rate is over the attempts whose fate is known (delivered or permanently bounced): an
 * email still in flight proves nothing yet. Complaints can only follow a delivery, so the
 * complaint rate is over deliveries, as the mailbox providers count it.
 */
export function deliveryRates(counts: DeliveryCounts): DeliveryRates {
  const attempts = counts.delivered + counts.bounced;
  return {
    ...counts,
    bounce_rate: attempts === 0 ? 0 : counts.bounced / attempts,
    complaint_rate: counts.delivered === 0 ? 0 : counts.complained / counts.delivered,
  };
}

/** `0.41 %`: two decimals, because the thresholds that matter sit at 0.1 % and 0.3 %. */
export const formatRate = (rate: number) => `${(rate * 100).toFixed(2)} %`;

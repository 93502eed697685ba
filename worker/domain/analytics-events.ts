import type { AnalyticsEventType, AnalyticsMessage } from "./analytics-message";

/**
 * What one analytics message becomes in GA4 and in Klaviyo (SPEC §7). Each outgoing event has
 * a key, the id its delivery is recorded under: the timeline event's id, plus the event's name
 * when one timeline event makes a second one (GA4's ecommerce `purchase` and `refund`).
 */

type Params = Record<string, string | number>;

/** A Measurement Protocol event, shaped as integrations/ga4 sends it. */
export type Ga4Outgoing = { key: string; event: { name: string; params: Params; timestamp_micros: number } };

/** A Klaviyo event, shaped as integrations/klaviyo creates it; `uniqueId` makes Klaviyo keep it once. */
export type KlaviyoOutgoing = {
  key: string;
  event: {
    metric: string;
    email: string;
    properties: Record<string, string | number | null>;
    time: Date;
    value?: number;
    valueCurrency?: string;
    uniqueId: string;
  };
};

const GA4_EVENT_NAMES: Record<AnalyticsEventType, string | null> = {
  email_sent: "recovery_email_sent",
  email_opened: "recovery_email_opened",
  email_clicked: "recovery_email_clicked",
  popup_shown: "recovery_popup_shown",
  popup_clicked: "recovery_popup_clicked",
  popup_dismissed: "recovery_popup_dismissed",
  sequence_recovered: "recovery_conversion",
  // SPEC §7 names no recovery event for a refund: GA4 hears of it as ecommerce `refund`, beside `purchase`.
  order_refunded: null,
};

/** Sent only when the store turns `ga4.send_purchase` on: its storefront's own tag usually reports the order. */
const GA4_ECOMMERCE: Partial<Record<AnalyticsEventType, string>> = { sequence_recovered: "purchase", order_refunded: "refund" };

const KLAVIYO_METRICS: Record<AnalyticsEventType, string> = {
  email_sent: "Reva Cart Recovery Email Sent",
  email_opened: "Reva Cart Recovery Email Opened",
  email_clicked: "Reva Cart Recovery Email Clicked",
  popup_shown: "Reva Cart Recovery Popup Shown",
  popup_clicked: "Reva Cart Recovery Popup Clicked",
  popup_dismissed: "Reva Cart Recovery Popup Dismissed",
  sequence_recovered: "Reva Cart Recovery Conversion",
  // A metric of its own with the positive amount given back, as Klaviyo's own "Refunded Order":
  // a negative Conversion would still count as one more conversion in Klaviyo's reports.
  order_refunded: "Reva Cart Recovery Refund",
};

/** The order and its amount, for conversions and refunds; nothing for touches. */
function moneyParams(message: AnalyticsMessage): Params {
  return {
    ...(message.order_id === null ? {} : { transaction_id: message.order_id }),
    ...(message.amount_cents === null ? {} : { value: message.amount_cents / 100, currency: message.currency }),
  };
}

export function ga4Events(message: AnalyticsMessage, options: { sendPurchase: boolean }): Ga4Outgoing[] {
  const timestamp_micros = Date.parse(message.at) * 1000;
  const money = moneyParams(message);
  const events: Ga4Outgoing[] = [];
  const name = GA4_EVENT_NAMES[message.type];
  if (name) {
    const params = {
      ...money,
      sequence_id: message.sequence_id,
      ...(message.step === null ? {} : { step: message.step }),
      ...(message.variant ? { variant: message.variant } : {}),
    };
    events.push({ key: message.event_id, event: { name, params, timestamp_micros } });
  }
  const ecommerce = GA4_ECOMMERCE[message.type];
  if (ecommerce && options.sendPurchase) events.push({ key: `${message.event_id}:${ecommerce}`, event: { name: ecommerce, params: money, timestamp_micros } });
  return events;
}

/** The Klaviyo event, or why there can be none: Klaviyo files events on a profile, found here by address. */
export function klaviyoEvent(message: AnalyticsMessage): KlaviyoOutgoing | { key: string; problem: string } {
  const key = message.event_id;
  if (!message.email) return { key, problem: "the cart has no email address to find the Klaviyo profile by" };
  const money = message.amount_cents === null ? {} : { value: message.amount_cents / 100, valueCurrency: message.currency };
  return {
    key,
    event: {
      metric: KLAVIYO_METRICS[message.type],
      email: message.email,
      properties: {
        sequence_id: message.sequence_id,
        step: message.step,
        ...(message.order_id === null ? {} : { order_id: message.order_id }),
        ...(message.variant ? { variant: message.variant } : {}),
      },
      time: new Date(message.at),
      ...money,
      uniqueId: key,
    },
  };
}

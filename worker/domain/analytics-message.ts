import { z } from "zod";
import type { TimelineEventType } from "./catalogue";
import type { SequenceState } from "./sequence";
import { currencyCode } from "./settings";

/** The timeline events a store's GA4 property and Klaviyo account receive: Reva's touches and their outcomes. */
export const ANALYTICS_EVENT_TYPES = [
  "email_sent",
  "email_opened",
  "email_clicked",
  "popup_shown",
  "popup_clicked",
  "popup_dismissed",
  "sequence_recovered",
  "order_refunded",
] as const satisfies readonly TimelineEventType[];
export type AnalyticsEventType = (typeof ANALYTICS_EVENT_TYPES)[number];

/**
 * The analytics dead-letter queue. Its messages are the stores' analytics backlog: kept in
 * dead_letters and delivered again once the store's integrations answer.
 */
export const ANALYTICS_BACKLOG_QUEUE = "reva-analytics-dlq";

/**
 * The analytics queue's message: one timeline event with everything GA4 and Klaviyo need, so
 * the consumer never reads the sequence again. `event_id` is the event's fixed id
 * (`seq_…:000012`), the idempotency key of every delivery.
 */
export const analyticsMessageSchema = z.object({
  event_id: z.string().min(1),
  type: z.enum(ANALYTICS_EVENT_TYPES),
  at: z.iso.datetime(),
  store_id: z.string().min(1),
  sequence_id: z.string().min(1),
  step: z.string().nullable(),
  /** The recovered order's total (conversion) or the amount given back (refund); null for touches. */
  amount_cents: z.int().nullable(),
  /** The currency of `amount_cents`: the order's for money events, the cart's otherwise. */
  currency: currencyCode,
  email: z.string().nullable(),
  /** What the storefront passed: a `_ga` cookie value or the client id in it (the widget sends the latter). */
  ga_client_id: z.string().nullable(),
  /** The recovered order, for conversions and refunds (a refund only ever concerns that order). */
  order_id: z.string().nullable(),
  /** The popup A/B test variant the event counts for (absent on messages queued before tests existed). */
  variant: z.string().optional(),
});
export type AnalyticsMessage = z.infer<typeof analyticsMessageSchema>;

const isAnalyticsEvent = (type: TimelineEventType): type is AnalyticsEventType => (ANALYTICS_EVENT_TYPES as readonly string[]).includes(type);

/**
 * One message per event of interest among those not yet projected. The shopper's address and
 * client id are the cart's at commit time, which is when the event was recorded unless an
 * earlier projection failed and is being retried.
 */
export function analyticsMessages(state: SequenceState): AnalyticsMessage[] {
  return state.unprojected.flatMap((event) => {
    if (!isAnalyticsEvent(event.type)) return [];
    const money = event.type === "sequence_recovered" || event.type === "order_refunded";
    return [
      {
        event_id: event.id,
        type: event.type,
        at: event.at,
        store_id: state.store_id,
        sequence_id: state.id,
        step: event.step,
        amount_cents: event.amount_cents,
        // A sequence recovered before the order's currency was kept has only the cart's.
        currency: money ? (state.recovered_currency ?? state.cart.currency) : state.cart.currency,
        email: state.cart.customer_email,
        ga_client_id: state.cart.ga_client_id,
        order_id: money ? state.recovered_order_id : null,
        ...(event.variant ? { variant: event.variant.id } : {}),
      },
    ];
  });
}

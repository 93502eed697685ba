/**
 * The names that travel between the engine, D1 and analytics. Each list is also written into the
 * migration that guards its column (migrations/0003_catalogues.sql), so a name missing here is
 * refused by D1 instead of silently never being counted.
 */

/** What can happen to a sequence; each becomes a timeline row and a daily rollup metric. */
export const TIMELINE_EVENT_TYPES = [
  "sequence_started",
  "abandonment_clock_restarted",
  "sequence_reached",
  "sequence_completed",
  "sequence_stopped",
  "sequence_paused",
  "sequence_resumed",
  "sequence_recovered",
  "order_refunded",
  "popup_eligible",
  "popup_shown",
  "popup_clicked",
  "popup_dismissed",
  "email_queued",
  "email_skipped",
  "email_deferred",
  "steps_rescheduled",
  "integration_unavailable",
  "email_sent",
  "email_failed",
  "email_accepted",
  "email_delivered",
  "email_delivery_delayed",
  "email_opened",
  "email_clicked",
  "email_bounced",
  "email_complained",
  "unsubscribed",
] as const;
export type TimelineEventType = (typeof TIMELINE_EVENT_TYPES)[number];

/** Timeline events that report what happened to a sent email (first occurrence counted, per step). */
export type EmailEventType = Extract<
  TimelineEventType,
  "email_accepted" | "email_delivered" | "email_delivery_delayed" | "email_opened" | "email_clicked" | "email_bounced" | "email_complained" | "email_failed" | "unsubscribed"
>;

/**
 * An email row's life: `sending` (written before the request), then `sent` (Resend took it) or
 * `failed`; `outbox` when no Resend key is set; then what the Resend webhooks report.
 */
export const EMAIL_STATUSES = ["sending", "outbox", "sent", "delivered", "bounced", "complained", "failed"] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/** Emails that went out or may be going out right now: all count against the frequency cap. */
export const COUNTED_EMAIL_STATUSES = ["outbox", "sending", "sent", "delivered"] as const satisfies readonly EmailStatus[];

export const SUPPRESSION_REASONS = ["unsubscribed", "bounced", "complained", "manual"] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** Where each reason comes from, shown to the merchant: every reason has exactly one source. */
export const SUPPRESSION_SOURCES = {
  unsubscribed: "unsubscribe_link",
  bounced: "resend_webhook",
  complained: "resend_webhook",
  manual: "dashboard",
} as const satisfies Record<SuppressionReason, string>;

export const POPUP_EVENTS = ["shown", "clicked", "dismissed"] as const;
export type PopupEvent = (typeof POPUP_EVENTS)[number];

/** The outside services Reva calls for a store; each has its health and circuit breaker. */
export const INTEGRATIONS = ["resend", "klaviyo", "ga4"] as const;
export type IntegrationName = (typeof INTEGRATIONS)[number];

import type { TimelineEventType } from "./catalogue";
import type { TimelineEvent } from "./sequence";

/** What an open dashboard is told changed (SPEC §5 live channel); it reloads the affected data. */
export const LIVE_NOTICE_TYPES = ["sequence_started", "step_sent", "step_skipped", "step_failed", "order", "stopped", "paused", "resumed", "delivery", "sequence_updated"] as const;
export type LiveNoticeType = (typeof LIVE_NOTICE_TYPES)[number];
export type LiveNotice = { type: LiveNoticeType; sequence_id: string; at: string };

const NOTICE_FOR: Partial<Record<TimelineEventType, LiveNoticeType>> = {
  sequence_started: "sequence_started",
  email_sent: "step_sent",
  popup_eligible: "step_sent",
  email_skipped: "step_skipped",
  email_failed: "step_failed",
  sequence_recovered: "order",
  order_refunded: "order",
  sequence_stopped: "stopped",
  sequence_paused: "paused",
  sequence_resumed: "resumed",
  email_accepted: "delivery",
  email_delivered: "delivery",
  email_delivery_delayed: "delivery",
  email_opened: "delivery",
  email_clicked: "delivery",
  email_bounced: "delivery",
  email_complained: "delivery",
  unsubscribed: "delivery",
};

/**
 * The notices for the timeline events one commit projects: one per notice type (a dashboard
 * reloads per type, so three deliveries in one commit are one reload), in timeline order. Events
 * without a type of their own (a deferral, a reschedule) still change what the sequence shows.
 */
export function liveNotices(sequenceId: string, events: readonly Pick<TimelineEvent, "type" | "at">[]): LiveNotice[] {
  const notices = new Map<LiveNoticeType, LiveNotice>();
  for (const event of events) {
    const type = NOTICE_FOR[event.type] ?? "sequence_updated";
    notices.set(type, { type, sequence_id: sequenceId, at: event.at });
  }
  return [...notices.values()];
}

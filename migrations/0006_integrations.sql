-- Integrations (Klaviyo, GA4, Resend): their health per store, and the timeline saying when one
-- did not answer and an email went without its check.

DROP TRIGGER timeline_event_type_known;
CREATE TRIGGER timeline_event_type_known BEFORE INSERT ON timeline_events
WHEN NEW.type NOT IN (
  'sequence_started', 'abandonment_clock_restarted', 'sequence_reached', 'sequence_completed',
  'sequence_stopped', 'sequence_paused', 'sequence_resumed', 'sequence_recovered',
  'order_refunded', 'popup_eligible', 'popup_shown', 'popup_clicked', 'popup_dismissed',
  'email_queued', 'email_skipped', 'email_deferred', 'steps_rescheduled',
  'integration_unavailable', 'email_sent', 'email_failed', 'email_accepted', 'email_delivered',
  'email_delivery_delayed', 'email_opened', 'email_clicked', 'email_bounced', 'email_complained',
  'unsubscribed'
)
BEGIN
  SELECT RAISE(ABORT, 'unknown timeline event type');
END;

-- One row per store and integration: the last success and failure, and the circuit breaker
-- (consecutive failures; while open_until is ahead, calls are not made). Never a key.
CREATE TABLE integration_health (
  store_id TEXT NOT NULL,
  integration TEXT NOT NULL,
  last_success_at TEXT,
  last_error TEXT,
  last_error_at TEXT,
  failures INTEGER NOT NULL DEFAULT 0,
  open_until TEXT,
  dropped INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, integration)
);

-- Orders and refunds: a refund of a recovered order is a timeline event ('order_refunded'), so the
-- catalogue guard accepts it; orders keep their payment state and refunds are kept once per id.

DROP TRIGGER timeline_event_type_known;
CREATE TRIGGER timeline_event_type_known BEFORE INSERT ON timeline_events
WHEN NEW.type NOT IN (
  'sequence_started', 'abandonment_clock_restarted', 'sequence_reached', 'sequence_completed',
  'sequence_stopped', 'sequence_paused', 'sequence_resumed', 'sequence_recovered',
  'order_refunded', 'popup_eligible', 'popup_shown', 'popup_clicked', 'popup_dismissed',
  'email_queued', 'email_skipped', 'email_deferred', 'email_sent', 'email_failed',
  'email_accepted', 'email_delivered', 'email_delivery_delayed', 'email_opened', 'email_clicked',
  'email_bounced', 'email_complained', 'unsubscribed'
)
BEGIN
  SELECT RAISE(ABORT, 'unknown timeline event type');
END;

ALTER TABLE orders ADD COLUMN paid INTEGER NOT NULL DEFAULT 1;

CREATE TABLE refunds (
  store_id TEXT NOT NULL,
  refund_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  amount_cents INTEGER NOT NULL,
  currency TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (store_id, refund_id)
);

-- Timing across the plan and the daily send limit in the store's own day.

-- 'steps_rescheduled': after overdue steps collapse into one email, the rest of the plan moves.
DROP TRIGGER timeline_event_type_known;
CREATE TRIGGER timeline_event_type_known BEFORE INSERT ON timeline_events
WHEN NEW.type NOT IN (
  'sequence_started', 'abandonment_clock_restarted', 'sequence_reached', 'sequence_completed',
  'sequence_stopped', 'sequence_paused', 'sequence_resumed', 'sequence_recovered',
  'order_refunded', 'popup_eligible', 'popup_shown', 'popup_clicked', 'popup_dismissed',
  'email_queued', 'email_skipped', 'email_deferred', 'steps_rescheduled', 'email_sent',
  'email_failed', 'email_accepted', 'email_delivered', 'email_delivery_delayed', 'email_opened',
  'email_clicked', 'email_bounced', 'email_complained', 'unsubscribed'
)
BEGIN
  SELECT RAISE(ABORT, 'unknown timeline event type');
END;

-- Each email row carries the store's calendar day it was made on (its time zone, not UTC), and a
-- trigger keeps one counter per store and day, so the daily limit reads one row.
ALTER TABLE emails ADD COLUMN local_day TEXT;

CREATE TABLE daily_sends (
  store_id TEXT NOT NULL,
  day TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, day)
);

CREATE TRIGGER emails_daily_send AFTER INSERT ON emails
WHEN NEW.local_day IS NOT NULL
BEGIN
  INSERT INTO daily_sends (store_id, day, count) VALUES (NEW.store_id, NEW.local_day, 1)
  ON CONFLICT (store_id, day) DO UPDATE SET count = count + 1;
END;

-- New setting: carts abandoned longer ago than this start no emails.
UPDATE stores SET settings = json_set(settings, '$.abandonment_horizon_days', 7)
WHERE json_extract(settings, '$.abandonment_horizon_days') IS NULL;

-- The catalogues of worker/domain/catalogue.ts, enforced where the names are stored: a timeline
-- event type, email status or suppression reason that the code does not define is refused by D1
-- instead of being stored and never counted. test/checks/catalogues.test.ts keeps these lists
-- equal to the code's; a new name needs a migration that recreates the trigger.

CREATE TRIGGER timeline_event_type_known BEFORE INSERT ON timeline_events
WHEN NEW.type NOT IN (
  'sequence_started', 'abandonment_clock_restarted', 'sequence_reached', 'sequence_completed',
  'sequence_stopped', 'sequence_paused', 'sequence_resumed', 'sequence_recovered',
  'popup_eligible', 'popup_shown', 'popup_clicked', 'popup_dismissed', 'email_queued',
  'email_skipped', 'email_deferred', 'email_sent', 'email_failed', 'email_accepted',
  'email_delivered', 'email_delivery_delayed', 'email_opened', 'email_clicked', 'email_bounced',
  'email_complained', 'unsubscribed'
)
BEGIN
  SELECT RAISE(ABORT, 'unknown timeline event type');
END;

CREATE TRIGGER email_status_known_on_insert BEFORE INSERT ON emails
WHEN NEW.status NOT IN ('sending', 'outbox', 'sent', 'delivered', 'bounced', 'complained', 'failed')
BEGIN
  SELECT RAISE(ABORT, 'unknown email status');
END;

CREATE TRIGGER email_status_known_on_update BEFORE UPDATE OF status ON emails
WHEN NEW.status NOT IN ('sending', 'outbox', 'sent', 'delivered', 'bounced', 'complained', 'failed')
BEGIN
  SELECT RAISE(ABORT, 'unknown email status');
END;

CREATE TRIGGER suppression_reason_known BEFORE INSERT ON suppressions
WHEN NEW.reason NOT IN ('unsubscribed', 'bounced', 'complained')
BEGIN
  SELECT RAISE(ABORT, 'unknown suppression reason');
END;

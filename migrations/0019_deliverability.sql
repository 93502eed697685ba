-- The deliverability guard (issue 12).
--
-- Each email's fate as Resend reports it, once per outcome: `outcomes` holds one bit per outcome
-- (1 sent, 2 delivered, 4 bounced permanently, 8 complained), set by a guarded update, so a
-- redelivered webhook or a resent batch never counts twice. The trigger folds every new bit into
-- hourly rollups per store and per sending domain, in the hour of `outcome_at` (the Worker's
-- clock, not SQLite's): the guard reads at most 7 × 24 rows a scope, however many emails there were.
ALTER TABLE emails ADD COLUMN sender_domain TEXT;
ALTER TABLE emails ADD COLUMN outcomes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE emails ADD COLUMN outcome_at TEXT;

CREATE TABLE delivery_rollups (
  scope TEXT NOT NULL,        -- 'store:<id>' or 'domain:<sending domain>'
  hour TEXT NOT NULL,         -- UTC 'YYYY-MM-DDTHH'
  sent INTEGER NOT NULL DEFAULT 0,
  delivered INTEGER NOT NULL DEFAULT 0,
  bounced INTEGER NOT NULL DEFAULT 0,
  complained INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (scope, hour)
);

CREATE TRIGGER email_outcome_rollup AFTER UPDATE OF outcomes ON emails
WHEN NEW.outcomes <> OLD.outcomes AND NEW.sender_domain IS NOT NULL AND NEW.outcome_at IS NOT NULL
BEGIN
  INSERT INTO delivery_rollups (scope, hour, sent, delivered, bounced, complained)
  SELECT scope, substr(NEW.outcome_at, 1, 13),
         (NEW.outcomes & ~OLD.outcomes & 1) > 0, (NEW.outcomes & ~OLD.outcomes & 2) > 0,
         (NEW.outcomes & ~OLD.outcomes & 4) > 0, (NEW.outcomes & ~OLD.outcomes & 8) > 0
  FROM (SELECT 'store:' || NEW.store_id AS scope UNION ALL SELECT 'domain:' || NEW.sender_domain)
  WHERE true
  ON CONFLICT (scope, hour) DO UPDATE SET
    sent = sent + excluded.sent, delivered = delivered + excluded.delivered,
    bounced = bounced + excluded.bounced, complained = complained + excluded.complained;
END;

-- Soft bounces in a row per address, reset by a delivery; the third suppresses the address.
CREATE TABLE soft_bounce_streaks (
  store_id TEXT NOT NULL,
  email TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (store_id, email)
);

-- The merchant's "resume sending": the guard judges only what happened after it.
ALTER TABLE stores ADD COLUMN deliverability_resumed_at TEXT;
-- The guard's last verdict and since when, for the merchant (the verdict itself is judged afresh each time).
ALTER TABLE stores ADD COLUMN deliverability_state TEXT NOT NULL DEFAULT 'healthy'
  CHECK (deliverability_state IN ('healthy', 'slowed', 'paused'));
ALTER TABLE stores ADD COLUMN deliverability_since TEXT;
-- A verified sending domain's warm-up: its rung and the store's calendar day it last moved on.
ALTER TABLE stores ADD COLUMN warmup_level INTEGER;
ALTER TABLE stores ADD COLUMN warmup_day TEXT;

-- Every store gets the guard's default policy (the bulk-sender limits of Gmail and Yahoo).
UPDATE stores SET settings = json_set(settings, '$.deliverability', json('{"complaint_rate_slow":0.001,"complaint_rate_pause":0.003,"bounce_rate_slow":0.02,"bounce_rate_pause":0.05,"min_sample":200}'))
WHERE json_extract(settings, '$.deliverability') IS NULL;

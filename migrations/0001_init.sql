-- Stores: keys are kept only as SHA-256 hashes; the webhook secret must be usable
-- for HMAC checks, so it is encrypted (AES-GCM, SECRETS_KEY) instead.
CREATE TABLE stores (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  secret_key_hash TEXT NOT NULL UNIQUE,
  publishable_key_hash TEXT NOT NULL UNIQUE,
  webhook_secret_encrypted TEXT NOT NULL,
  settings TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE carts (
  store_id TEXT NOT NULL,
  cart_token TEXT NOT NULL,
  alias_token TEXT,
  email TEXT,
  customer_id TEXT,
  accepts_marketing INTEGER NOT NULL DEFAULT 0,
  currency TEXT NOT NULL,
  total_price TEXT NOT NULL,
  checkout_url TEXT NOT NULL,
  items TEXT NOT NULL,
  visitor_id TEXT,
  ga_client_id TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (store_id, cart_token)
);
CREATE INDEX carts_by_alias ON carts (store_id, alias_token);
CREATE INDEX carts_by_email ON carts (store_id, email, updated_at);
CREATE INDEX carts_by_customer ON carts (store_id, customer_id, updated_at);
CREATE INDEX carts_by_visitor ON carts (store_id, visitor_id, updated_at);

-- Projection of each cart's Durable Object; `version` rejects out-of-order writes.
CREATE TABLE sequences (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL,
  cart_token TEXT NOT NULL,
  status TEXT NOT NULL,
  sequence_type TEXT NOT NULL,
  current_step TEXT,
  customer_email TEXT,
  steps TEXT NOT NULL,
  cart TEXT NOT NULL,
  started_at TEXT NOT NULL,
  stopped_reason TEXT,
  version INTEGER NOT NULL,
  UNIQUE (store_id, cart_token)
);
CREATE INDEX sequences_by_store ON sequences (store_id, id);
CREATE INDEX sequences_by_status ON sequences (store_id, status, id);

-- Event ids are deterministic (sequence id + ordinal), so replaying a projection
-- inserts nothing twice and the rollup triggers below count each event once.
CREATE TABLE timeline_events (
  id TEXT PRIMARY KEY,
  sequence_id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  at TEXT NOT NULL,
  type TEXT NOT NULL,
  step TEXT,
  detail TEXT NOT NULL,
  amount_cents INTEGER
);
CREATE INDEX timeline_by_sequence ON timeline_events (sequence_id, id);

CREATE TABLE daily_metrics (
  store_id TEXT NOT NULL,
  day TEXT NOT NULL,
  metric TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 0,
  amount_cents INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, day, metric)
);

CREATE TRIGGER timeline_rollup AFTER INSERT ON timeline_events
BEGIN
  INSERT INTO daily_metrics (store_id, day, metric, count, amount_cents)
  VALUES (NEW.store_id, substr(NEW.at, 1, 10), NEW.type, 1, coalesce(NEW.amount_cents, 0))
  ON CONFLICT (store_id, day, metric) DO UPDATE
    SET count = count + 1, amount_cents = amount_cents + excluded.amount_cents;
  INSERT INTO daily_metrics (store_id, day, metric, count, amount_cents)
  SELECT NEW.store_id, substr(NEW.at, 1, 10), NEW.type || ':' || NEW.step, 1, coalesce(NEW.amount_cents, 0)
  WHERE NEW.step IS NOT NULL
  ON CONFLICT (store_id, day, metric) DO UPDATE
    SET count = count + 1, amount_cents = amount_cents + excluded.amount_cents;
END;

CREATE TABLE status_counts (
  store_id TEXT NOT NULL,
  status TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, status)
);

CREATE TRIGGER sequence_status_insert AFTER INSERT ON sequences
BEGIN
  INSERT INTO status_counts (store_id, status, count) VALUES (NEW.store_id, NEW.status, 1)
  ON CONFLICT (store_id, status) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER sequence_status_update AFTER UPDATE OF status ON sequences
WHEN OLD.status <> NEW.status
BEGIN
  UPDATE status_counts SET count = count - 1 WHERE store_id = OLD.store_id AND status = OLD.status;
  INSERT INTO status_counts (store_id, status, count) VALUES (NEW.store_id, NEW.status, 1)
  ON CONFLICT (store_id, status) DO UPDATE SET count = count + 1;
END;

CREATE TABLE orders (
  store_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  cart_token TEXT,
  email TEXT,
  total_price TEXT NOT NULL,
  currency TEXT NOT NULL,
  created_at TEXT NOT NULL,
  sequence_id TEXT,
  PRIMARY KEY (store_id, order_id)
);

CREATE TABLE webhook_receipts (
  store_id TEXT NOT NULL,
  webhook_id TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (store_id, webhook_id)
);

-- One row per (sequence, step): the unique key is what makes a redelivered send a no-op.
CREATE TABLE emails (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL,
  sequence_id TEXT NOT NULL,
  step_id TEXT NOT NULL,
  to_email TEXT NOT NULL,
  subject TEXT NOT NULL,
  html TEXT NOT NULL,
  text TEXT NOT NULL,
  status TEXT NOT NULL,
  provider_id TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (sequence_id, step_id)
);
CREATE INDEX emails_by_store ON emails (store_id, id);
CREATE INDEX emails_by_recipient ON emails (store_id, to_email, created_at);

CREATE TABLE suppressions (
  store_id TEXT NOT NULL,
  email TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (store_id, email)
);

CREATE TABLE dead_letters (
  id TEXT PRIMARY KEY,
  queue TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);

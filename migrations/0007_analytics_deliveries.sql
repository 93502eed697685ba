-- Analytics fan-out (GA4, Klaviyo): what each integration has received of each timeline event.
-- GA4 has no idempotency key, so this record is what keeps a redelivered queue message from
-- counting an event twice. A row is written as a claim ('sending', held until lease_until, so
-- two consumers of the same event never both send it), then settled: 'delivered' after a 2xx,
-- 'dropped' when the event can never be delivered (counted in integration_health.dropped).
CREATE TABLE analytics_deliveries (
  event_key TEXT NOT NULL,     -- the timeline event's id, plus ':purchase' or ':refund' for GA4's second event
  integration TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('sending', 'delivered', 'dropped')),
  lease_until TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (event_key, integration)
);

-- Analytics messages that exhausted their retries are kept as dead letters of reva-analytics-dlq:
-- each store's backlog, read by store after every successful delivery to it.
CREATE INDEX dead_letters_by_store ON dead_letters (queue, json_extract(body, '$.store_id'), created_at);

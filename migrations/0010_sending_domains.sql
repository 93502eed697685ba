-- Sender identity per store (issue 9.7).
--
-- A store's sending domain (the domain of its from_email) as added to Resend's domains API, with
-- the verification status and DNS records Resend gave. The unique index makes "one domain belongs
-- to one store" hold in D1 itself, whatever two requests race: the second claim fails.
ALTER TABLE stores ADD COLUMN sending_domain TEXT;
ALTER TABLE stores ADD COLUMN sending_domain_id TEXT;
ALTER TABLE stores ADD COLUMN sending_domain_status TEXT NOT NULL DEFAULT 'not_started'
  CHECK (sending_domain_status IN ('not_started', 'pending', 'verified', 'failed'));
ALTER TABLE stores ADD COLUMN sending_domain_records TEXT NOT NULL DEFAULT '[]';
CREATE UNIQUE INDEX stores_by_sending_domain ON stores (sending_domain);

-- Storefront origins (settings.domains), each owned by one store, so a publishable key is never
-- accepted from another store's origin and no store can claim another's storefront.
CREATE TABLE store_domains (
  domain TEXT PRIMARY KEY,
  store_id TEXT NOT NULL
);
CREATE INDEX store_domains_by_store ON store_domains (store_id);
-- Existing stores keep their domains; where two already share one, the older store keeps it.
INSERT OR IGNORE INTO store_domains (domain, store_id)
  SELECT lower(d.value), s.id FROM stores s, json_each(s.settings, '$.domains') d ORDER BY s.created_at;

-- Fixed-window counters for per-store rate limits (the test-send endpoint: so many per hour).
CREATE TABLE rate_counters (
  key TEXT NOT NULL,           -- what is limited and for whom, e.g. 'test-send:store_…'
  window_start TEXT NOT NULL,  -- ISO time the window opened
  count INTEGER NOT NULL,
  PRIMARY KEY (key, window_start)
);

-- Sharding by store (issue 11.3): the directory.
--
-- Every shard (each D1 binding named in D1_SHARDS) gets every migration, so these tables exist on
-- each of them; only the first shard's are used. They route what arrives without a store's shard:
-- a store id, a key's hash, a domain another store might claim. A store's own rows stay
-- authoritative on its shard: an entry here is a pointer, never the data.

-- The shard each store lives on, chosen at creation and never changed.
CREATE TABLE store_shards (
  store_id TEXT PRIMARY KEY,
  shard TEXT NOT NULL,          -- the D1 binding's name, e.g. DB_SHARD_2
  created_at TEXT NOT NULL
);
CREATE INDEX store_shards_by_shard ON store_shards (shard);

-- Which store a secret or publishable key's hash belongs to, written at creation and rotation. An
-- entry outlives its key harmlessly: the store's row on its shard decides whether the key is valid.
CREATE TABLE key_routes (
  key_hash TEXT PRIMARY KEY,
  store_id TEXT NOT NULL
);

-- Names one store may hold across all shards: storefront domains and sending domains. The primary
-- key decides a race between two stores on different shards, which no shard's own index can see.
CREATE TABLE domain_claims (
  kind TEXT NOT NULL CHECK (kind IN ('storefront', 'sending')),
  domain TEXT NOT NULL,
  store_id TEXT NOT NULL,
  PRIMARY KEY (kind, domain)
);
CREATE INDEX domain_claims_by_store ON domain_claims (store_id);

-- The stores already here: before sharding the Worker's only D1 binding was DB (which stays first
-- in D1_SHARDS, as the directory). On a new, empty shard these copy nothing.
INSERT INTO store_shards (store_id, shard, created_at) SELECT id, 'DB', created_at FROM stores;
INSERT INTO key_routes (key_hash, store_id) SELECT secret_key_hash, id FROM stores;
INSERT INTO key_routes (key_hash, store_id) SELECT publishable_key_hash, id FROM stores;
INSERT OR IGNORE INTO key_routes (key_hash, store_id) SELECT previous_secret_key_hash, id FROM stores WHERE previous_secret_key_hash IS NOT NULL;
INSERT OR IGNORE INTO key_routes (key_hash, store_id) SELECT previous_publishable_key_hash, id FROM stores WHERE previous_publishable_key_hash IS NOT NULL;
INSERT INTO domain_claims (kind, domain, store_id) SELECT 'storefront', domain, store_id FROM store_domains;
INSERT INTO domain_claims (kind, domain, store_id) SELECT 'sending', sending_domain, id FROM stores WHERE sending_domain IS NOT NULL;

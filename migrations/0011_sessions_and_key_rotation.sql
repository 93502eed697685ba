-- Sessions and keys (issue 9.11).
--
-- Dashboard sessions signed out before they expire: every use of a session cookie checks this
-- list, so a signed-out cookie is refused at once. A row is useless after expires_at (the cookie
-- has expired anyway) and may be deleted from then on.
CREATE TABLE revoked_sessions (
  token_hash TEXT PRIMARY KEY,  -- SHA-256 of the cookie value; the cookie itself is never kept
  expires_at TEXT NOT NULL
);

-- Key rotation: the key a rotation replaced stays valid until its *_until time (a grace period
-- for deploying the new one), then is refused. Only one previous key per kind is kept.
ALTER TABLE stores ADD COLUMN previous_secret_key_hash TEXT;
ALTER TABLE stores ADD COLUMN previous_secret_key_until TEXT;
ALTER TABLE stores ADD COLUMN previous_publishable_key_hash TEXT;
ALTER TABLE stores ADD COLUMN previous_publishable_key_until TEXT;
ALTER TABLE stores ADD COLUMN previous_webhook_secret_encrypted TEXT;
ALTER TABLE stores ADD COLUMN previous_webhook_secret_until TEXT;
CREATE INDEX stores_by_previous_secret_key ON stores (previous_secret_key_hash);
CREATE INDEX stores_by_previous_publishable_key ON stores (previous_publishable_key_hash);

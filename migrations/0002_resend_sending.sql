-- Resend sending: a row is written before its batch request ('sending'), so a retry can resend
-- the very same request (same body, same idempotency key) and Resend answers without resending.
ALTER TABLE emails ADD COLUMN batch_key TEXT;
ALTER TABLE emails ADD COLUMN payload TEXT;
ALTER TABLE emails ADD COLUMN error TEXT;
CREATE INDEX emails_by_batch ON emails (batch_key);
CREATE INDEX emails_by_provider_id ON emails (provider_id);

-- Unsubscribes, bounces and complaints stop every live sequence of the address.
CREATE INDEX sequences_by_email ON sequences (store_id, customer_email, status);

-- Webhook-first ingestion (issue 11.1): a Shopify webhook is acknowledged once it is queued, and
-- applied to its cart later by the ingest queue's consumer. `applied_at` says when that happened
-- (NULL: still queued, or waiting for a retry), so ingest lag is visible and a test can wait for it.
ALTER TABLE webhook_receipts ADD COLUMN applied_at TEXT;

-- Issue 9.1: whether an attempt to send this email ended without a known outcome (5xx, timeout,
-- answer lost). Such a row may be at Resend under its batch's idempotency key, so its batch is only
-- ever resent whole, with the same body and key; a batch none of whose attempts is unknown never
-- reached Resend, and may be resent without a member whose sequence ended meanwhile.
ALTER TABLE emails ADD COLUMN outcome_unknown INTEGER NOT NULL DEFAULT 0;

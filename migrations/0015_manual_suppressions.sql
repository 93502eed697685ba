-- A merchant can suppress an address by hand (POST /api/v1/suppressions): reason 'manual'.
-- The trigger of 0003 is recreated with the catalogue's new name (test/checks/catalogues.test.ts).

DROP TRIGGER IF EXISTS suppression_reason_known;

CREATE TRIGGER suppression_reason_known BEFORE INSERT ON suppressions
WHEN NEW.reason NOT IN ('unsubscribed', 'bounced', 'complained', 'manual')
BEGIN
  SELECT RAISE(ABORT, 'unknown suppression reason');
END;

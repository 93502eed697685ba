-- Popup A/B tests (issue 10, item 11). A popup event carries the test and variant the visitor was
-- shown, and so do the cart's conversion and refunds once a variant was shown; a trigger rolls
-- them up per test and variant for the whole test (a test is read as a whole, not by day).
ALTER TABLE timeline_events ADD COLUMN popup_test TEXT;
ALTER TABLE timeline_events ADD COLUMN popup_variant TEXT;

CREATE TABLE popup_variant_metrics (
  store_id TEXT NOT NULL,
  test_id TEXT NOT NULL,
  variant_id TEXT NOT NULL,
  metric TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 0,
  amount_cents INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, test_id, variant_id, metric)
);

CREATE TRIGGER popup_variant_rollup AFTER INSERT ON timeline_events
WHEN NEW.popup_test IS NOT NULL AND NEW.popup_variant IS NOT NULL
BEGIN
  INSERT INTO popup_variant_metrics (store_id, test_id, variant_id, metric, count, amount_cents)
  VALUES (NEW.store_id, NEW.popup_test, NEW.popup_variant, NEW.type, 1, coalesce(NEW.amount_cents, 0))
  ON CONFLICT (store_id, test_id, variant_id, metric) DO UPDATE
    SET count = count + 1, amount_cents = amount_cents + excluded.amount_cents;
END;

-- Stores created before keep their popup as it was: no test.
UPDATE stores SET settings = json_set(settings, '$.popup.variants', json('[]'))
WHERE json_type(settings, '$.popup.variants') IS NULL;

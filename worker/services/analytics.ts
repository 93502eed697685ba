import { loadRollups } from "../db/analytics";
import { loadVariantMetrics } from "../db/popup-variant-metrics";
import { summarise } from "../domain/analytics";
import { invalidField } from "../domain/errors";
import { popupTestResults } from "../domain/popup-test-results";
import { popupTestId } from "../domain/popup-variants";
import type { StoreContext } from "./context";

const DAY_MS = 86_400_000;

/**
 * Analytics for a range of UTC days (default: the 30 days up to today), read from rollups, with
 * the number of D1 rows read so callers can show that it does not grow with the sequences.
 */
export async function getAnalytics({ db, store }: StoreContext, range: { from?: string; to?: string }) {
  const to = range.to ?? new Date().toISOString().slice(0, 10);
  const from = range.from ?? new Date(Date.parse(to) - 29 * DAY_MS).toISOString().slice(0, 10);
  if (from > to) throw invalidField("from", "must not be after `to`");
  const { rows, activeSequences, rowsRead } = await loadRollups(db, store.id, from, to);
  const stepIds = store.settings.steps.map((s) => s.id);
  const analytics = summarise({ from, to, rows, activeSequences, stepIds, currency: store.settings.currency });
  const variants = store.settings.popup.variants;
  const test = popupTestId(variants);
  if (test === null) return { analytics, rowsRead };
  const variantRows = await loadVariantMetrics(db, store.id, test);
  return { analytics: { ...analytics, popup: { ...analytics.popup, ...popupTestResults(variants, variantRows) } }, rowsRead: rowsRead + variantRows.length };
}

import { loadRollups } from "../db/analytics";
import { loadVariantMetrics } from "../db/popup-variant-metrics";
import { summarise } from "../domain/analytics";
import { invalidField } from "../domain/errors";
import { popupTestResults } from "../domain/popup-test-results";
import { popupTestId } from "../domain/popup-variants";
import type { StoreContext } from "./context";
import { summariseDeliverability } from "./deliverability";

const DAY_MS = 86_400_000;

/**
 * Analytics for a range of UTC days (default: the 30 days up to today), read from rollups, with
 * the number of D1 rows read so callers can show that it does not grow with the sequences.
 */
export async function getAnalytics(ctx: StoreContext, range: { from?: string; to?: string }) {
  const { db, store } = ctx;
  const to = range.to ?? new Date().toISOString().slice(0, 10);
  const from = range.from ?? new Date(Date.parse(to) - 29 * DAY_MS).toISOString().slice(0, 10);
  if (from > to) throw invalidField("from", "must not be after `to`");
  const { rows, activeSequences, rowsRead } = await loadRollups(db, store.id, from, to);
  const stepIds = store.settings.steps.map((s) => s.id);
  const analytics = summarise({ from, to, rows, activeSequences, stepIds, currency: store.settings.currency });
  // The guard's state now, whatever the range: a merchant reading results should see a paused sender.
  const deliverability = await summariseDeliverability(ctx);
  const read = rowsRead + deliverability.rowsRead;
  const variants = store.settings.popup.variants;
  const test = popupTestId(variants);
  if (test === null) return { analytics: { ...analytics, deliverability: deliverability.summary }, rowsRead: read };
  const variantRows = await loadVariantMetrics(db, store.id, test);
  const popup = { ...analytics.popup, ...popupTestResults(variants, variantRows) };
  return { analytics: { ...analytics, popup, deliverability: deliverability.summary }, rowsRead: read + variantRows.length };
}

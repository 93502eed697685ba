import { loadRollups } from "../db/analytics";
import { summarise } from "../domain/analytics";
import { invalidField } from "../domain/errors";
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
  return { analytics: summarise({ from, to, rows, activeSequences, stepIds, currency: store.settings.currency }), rowsRead };
}

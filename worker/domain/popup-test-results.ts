import { z } from "zod";
import type { PopupVariant } from "./popup-variants";

/**
 * A popup A/B test's results: per variant, how many visitors saw it, clicked, and whose carts were
 * recovered (with revenue net of refunds), the conversion rate (recovered / shown) with its Wilson
 * 95 % interval, and a winner only when the difference is significant.
 */

export const popupVariantResultSchema = z.object({
  id: z.string(),
  shown: z.number(),
  clicked: z.number(),
  recovered: z.number().describe("Carts recovered whose shopper was shown this variant"),
  revenue: z.number().describe("Their recovered revenue, net of refunds, in `currency`"),
  conversion_rate: z.number().describe("recovered / shown"),
  ci_low: z.number().describe("Wilson 95 % interval of the conversion rate, lower bound"),
  ci_high: z.number().describe("Wilson 95 % interval of the conversion rate, upper bound"),
});
export type PopupVariantResult = z.infer<typeof popupVariantResultSchema>;

/** z for a two-sided 95 % interval. */
const Z95 = 1.959964;

/**
 * Critical |z| of the winner's comparisons, two-sided at 5 % with a Bonferroni correction for the
 * k − 1 comparisons it must win (k = number of variants): 1.96 for 2 variants, 2.24 for 3, 2.39 for 4.
 */
const Z_CRITICAL: Record<number, number> = { 1: 1.959964, 2: 2.241403, 3: 2.393980 };

/** Below this many impressions a variant's normal approximation is not trusted for a verdict. */
export const MIN_SHOWN_FOR_VERDICT = 30;

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** Wilson score interval for `successes` out of `trials` at 95 %; [0, 1] when nothing was tried. */
export function wilsonInterval(successes: number, trials: number, z = Z95): { low: number; high: number } {
  if (trials <= 0) return { low: 0, high: 1 };
  const p = Math.min(1, successes / trials);
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Pooled two-proportion z statistic of a − b; 0 when it is undefined (no trials, or no variance). */
export function twoProportionZ(a: { successes: number; trials: number }, b: { successes: number; trials: number }): number {
  if (a.trials === 0 || b.trials === 0) return 0;
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  return se === 0 ? 0 : (a.successes / a.trials - b.successes / b.trials) / se;
}

/** A variant's rollup: each counted event type with its amount (db/popup-variant-metrics). */
export type VariantMetricRow = { variant_id: string; metric: string; count: number; amount_cents: number };

/**
 * The winner: the variant with the highest conversion rate, when it beats every other variant by
 * a two-proportion z-test (Bonferroni-corrected, `Z_CRITICAL`) and every variant has at least
 * `MIN_SHOWN_FOR_VERDICT` impressions; otherwise null.
 */
export function significantWinner(results: readonly Pick<PopupVariantResult, "id" | "shown" | "recovered">[]): string | null {
  if (results.length < 2 || results.some((r) => r.shown < MIN_SHOWN_FOR_VERDICT)) return null;
  const rate = (r: { shown: number; recovered: number }) => r.recovered / r.shown;
  const best = results.reduce((top, r) => (rate(r) > rate(top) ? r : top));
  const critical = Z_CRITICAL[results.length - 1] ?? Z_CRITICAL[3]!;
  const beatsAll = results.every(
    (other) => other === best || twoProportionZ({ successes: best.recovered, trials: best.shown }, { successes: other.recovered, trials: other.shown }) > critical,
  );
  return beatsAll ? best.id : null;
}

/** Every variant of the test in the order defined, zeros included, and the winner if significant. */
export function popupTestResults(variants: readonly PopupVariant[], rows: readonly VariantMetricRow[]): { variants: PopupVariantResult[]; winner: string | null } {
  const results = variants.map(({ id }) => {
    const mine = rows.filter((row) => row.variant_id === id);
    const count = (metric: string) => mine.filter((row) => row.metric === metric).reduce((sum, row) => sum + row.count, 0);
    const cents = (metric: string) => mine.filter((row) => row.metric === metric).reduce((sum, row) => sum + row.amount_cents, 0);
    const shown = count("popup_shown");
    const recovered = count("sequence_recovered");
    const { low, high } = wilsonInterval(recovered, shown);
    return {
      id,
      shown,
      clicked: count("popup_clicked"),
      recovered,
      revenue: (cents("sequence_recovered") - cents("order_refunded")) / 100,
      conversion_rate: shown === 0 ? 0 : round4(recovered / shown),
      ci_low: round4(low),
      ci_high: round4(high),
    };
  });
  return { variants: results, winner: significantWinner(results) };
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { popupTestResults, significantWinner, twoProportionZ, wilsonInterval } from "../../worker/domain/popup-test-results";

describe("wilsonInterval", () => {
  it("matches published 95 % Wilson intervals", () => {
    const at4 = (i: { low: number; high: number }) => [Number(i.low.toFixed(4)), Number(i.high.toFixed(4))];
    expect(at4(wilsonInterval(10, 100))).toEqual([0.0552, 0.1744]);
    expect(at4(wilsonInterval(0, 10))).toEqual([0, 0.2775]);
    expect(at4(wilsonInterval(50, 100))).toEqual([0.4038, 0.5962]);
    expect(at4(wilsonInterval(10, 10))).toEqual([0.7225, 1]);
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
  });

  it("always holds the observed rate and stays within [0, 1]", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, share) => {
        const x = Math.floor(n * share);
        const { low, high } = wilsonInterval(x, n);
        expect(low).toBeGreaterThanOrEqual(0);
        expect(high).toBeLessThanOrEqual(1);
        expect(low).toBeLessThanOrEqual(x / n + 1e-12);
        expect(high).toBeGreaterThanOrEqual(x / n - 1e-12);
      }),
    );
  });
});

describe("twoProportionZ", () => {
  it("is the pooled z statistic", () => {
    expect(twoProportionZ({ successes: 40, trials: 200 }, { successes: 10, trials: 200 })).toBeCloseTo(4.5356, 3);
    expect(twoProportionZ({ successes: 10, trials: 200 }, { successes: 40, trials: 200 })).toBeCloseTo(-4.5356, 3);
    expect(twoProportionZ({ successes: 0, trials: 0 }, { successes: 1, trials: 2 })).toBe(0);
    expect(twoProportionZ({ successes: 1, trials: 2 }, { successes: 0, trials: 0 })).toBe(0);
    expect(twoProportionZ({ successes: 0, trials: 50 }, { successes: 0, trials: 50 })).toBe(0);
  });
});

describe("significantWinner", () => {
  it("names the best variant only when it beats every other significantly", () => {
    expect(significantWinner([{ id: "A", shown: 200, recovered: 40 }, { id: "B", shown: 200, recovered: 10 }])).toBe("A");
    // 12 % vs 8 % over 200 each: z ≈ 1.33, not significant.
    expect(significantWinner([{ id: "A", shown: 200, recovered: 24 }, { id: "B", shown: 200, recovered: 16 }])).toBeNull();
    // Beats C but not B: no winner.
    expect(significantWinner([{ id: "A", shown: 200, recovered: 40 }, { id: "B", shown: 200, recovered: 34 }, { id: "C", shown: 200, recovered: 5 }])).toBeNull();
    // Significant at 5 % (z ≈ 2.26) but not after the correction for 3 comparisons (needs 2.39).
    expect(significantWinner([{ id: "A", shown: 300, recovered: 45 }, { id: "B", shown: 300, recovered: 27 }, { id: "C", shown: 300, recovered: 27 }, { id: "D", shown: 300, recovered: 27 }])).toBeNull();
    expect(significantWinner([{ id: "A", shown: 300, recovered: 45 }, { id: "B", shown: 300, recovered: 27 }])).toBe("A");
    // Rates, not counts: 30 of 100 beats 40 of 400.
    expect(significantWinner([{ id: "A", shown: 100, recovered: 30 }, { id: "B", shown: 400, recovered: 40 }])).toBe("A");
    // The best need not come first.
    expect(significantWinner([{ id: "B", shown: 200, recovered: 10 }, { id: "C", shown: 200, recovered: 12 }, { id: "A", shown: 200, recovered: 45 }])).toBe("A");
    // 30 impressions each is enough; one variant short of it is not, whichever it is.
    expect(significantWinner([{ id: "A", shown: 30, recovered: 20 }, { id: "B", shown: 30, recovered: 2 }])).toBe("A");
    expect(significantWinner([{ id: "A", shown: 100, recovered: 60 }, { id: "B", shown: 29, recovered: 0 }])).toBeNull();
    // Too few impressions for a verdict, however large the gap.
    expect(significantWinner([{ id: "A", shown: 20, recovered: 20 }, { id: "B", shown: 20, recovered: 0 }])).toBeNull();
    expect(significantWinner([{ id: "A", shown: 500, recovered: 50 }])).toBeNull();
  });
});

describe("popupTestResults", () => {
  it("reports every variant in order with zeros, revenue net of refunds, rate and interval", () => {
    const rows = [
      { variant_id: "A", metric: "popup_shown", count: 100, amount_cents: 0 },
      { variant_id: "A", metric: "popup_clicked", count: 30, amount_cents: 0 },
      { variant_id: "A", metric: "popup_dismissed", count: 20, amount_cents: 0 },
      { variant_id: "A", metric: "sequence_recovered", count: 10, amount_cents: 59_900 },
      { variant_id: "A", metric: "order_refunded", count: 1, amount_cents: 1_000 },
      { variant_id: "gone", metric: "popup_shown", count: 5, amount_cents: 0 },
    ];
    expect(popupTestResults([{ id: "A", weight: 1 }, { id: "B", weight: 1 }], rows)).toEqual({
      variants: [
        { id: "A", shown: 100, clicked: 30, recovered: 10, revenue: 589, conversion_rate: 0.1, ci_low: 0.0552, ci_high: 0.1744 },
        { id: "B", shown: 0, clicked: 0, recovered: 0, revenue: 0, conversion_rate: 0, ci_low: 0, ci_high: 1 },
      ],
      winner: null,
    });
  });
});

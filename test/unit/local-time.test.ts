import { describe, expect, it } from "vitest";
import { localDay, nextLocalMidnight } from "../../worker/domain/local-time";

const at = (iso: string) => Date.parse(iso);
const isoOf = (ms: number) => new Date(ms).toISOString();

describe("the store's calendar", () => {
  it("names the store's day, not UTC's", () => {
    expect(localDay(at("2026-11-26T02:30:00Z"), "America/New_York")).toBe("2026-11-25");
    expect(localDay(at("2026-11-26T15:30:00Z"), "Asia/Tokyo")).toBe("2026-11-27");
    expect(localDay(at("2026-11-26T15:30:00Z"), "UTC")).toBe("2026-11-26");
  });

  it("finds the next local midnight, across daylight-saving changes", () => {
    expect(isoOf(nextLocalMidnight(at("2026-11-26T02:30:00Z"), "America/New_York"))).toBe("2026-11-26T05:00:00.000Z");
    expect(isoOf(nextLocalMidnight(at("2026-11-26T02:30:00Z"), "Asia/Tokyo"))).toBe("2026-11-26T15:00:00.000Z");
    expect(isoOf(nextLocalMidnight(at("2026-11-26T02:30:00Z"), "UTC"))).toBe("2026-11-27T00:00:00.000Z");
    // New York moves to daylight time on 2026-03-08: that midnight is still EST, the next one EDT.
    expect(isoOf(nextLocalMidnight(at("2026-03-07T12:00:00Z"), "America/New_York"))).toBe("2026-03-08T05:00:00.000Z");
    expect(isoOf(nextLocalMidnight(at("2026-03-08T12:00:00Z"), "America/New_York"))).toBe("2026-03-09T04:00:00.000Z");
  });
});

import { describe, expect, it } from "vitest";
import { localDateTime, localDay, nextLocalMidnight } from "../../worker/domain/local-time";

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

  it("pads every part of the date and time, as a merchant reads it on the timeline", () => {
    expect(localDay(at("2026-03-05T10:00:00Z"), "UTC")).toBe("2026-03-05");
    expect(localDay(Date.UTC(999, 0, 2), "UTC")).toBe("0999-01-02");
    expect(localDateTime(at("2026-03-05T09:05:59Z"), "UTC")).toBe("2026-03-05 09:05");
    expect(localDateTime(at("2026-11-26T13:02:00Z"), "Europe/Paris")).toBe("2026-11-26 14:02");
    expect(localDateTime(at("2026-11-26T23:30:00Z"), "Asia/Kolkata")).toBe("2026-11-27 05:00");
  });

  it("finds the next midnight of zones whose offset is not whole hours, and from any second of the day", () => {
    expect(isoOf(nextLocalMidnight(at("2026-11-26T23:30:00Z"), "Asia/Kolkata"))).toBe("2026-11-27T18:30:00.000Z");
    expect(isoOf(nextLocalMidnight(at("2026-11-26T23:59:59.999Z"), "UTC"))).toBe("2026-11-27T00:00:00.000Z");
    expect(isoOf(nextLocalMidnight(at("2026-11-27T00:00:00.000Z"), "UTC"))).toBe("2026-11-28T00:00:00.000Z");
    // Europe/London falls back on 2026-10-25: that day has 25 hours.
    expect(isoOf(nextLocalMidnight(at("2026-10-25T00:30:00Z"), "Europe/London"))).toBe("2026-10-26T00:00:00.000Z");
  });
});

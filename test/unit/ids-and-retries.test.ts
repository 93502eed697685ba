import { describe, expect, it } from "vitest";
import { newId } from "../../worker/domain/ids";
import { retryDelaySeconds } from "../../worker/domain/retry";

describe("newId", () => {
  it("is the prefix, ten Crockford characters of time, then sixteen random ones", () => {
    const id = newId("seq", 0);
    expect(id).toMatch(/^seq_0000000000[0-9A-HJKMNP-TV-Z]{16}$/);
    expect(newId("seq", 32 ** 2 + 31).slice(4, 14)).toBe("000000010Z");
    expect(newId("seq", Date.parse("2026-11-25T12:00:00Z")).slice(4, 14)).toBe("01M8997DG0");
  });

  it("sorts by creation time, and two ids of the same millisecond differ", () => {
    const earlier = newId("ord", 1_700_000_000_000);
    const later = newId("ord", 1_700_000_000_001);
    expect(earlier < later).toBe(true);
    expect(newId("ord", 5)).not.toBe(newId("ord", 5));
  });
});

describe("retryDelaySeconds", () => {
  it("doubles from 5 s with each retry and stops at 5 minutes", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50].map(retryDelaySeconds)).toEqual([5, 5, 10, 20, 40, 80, 160, 300, 300]);
  });
});

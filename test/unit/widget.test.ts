import { describe, expect, it } from "vitest";
import { takeFromWindow, type RateWindow } from "../../worker/domain/rate-limit";
import { cartOwner } from "../../worker/domain/widget";

describe("cartOwner (whose popup a cart is)", () => {
  it("is the visitor the storefront ingested the cart with, whoever claimed its token", () => {
    expect(cartOwner({ visitorId: "v_owner", aliasToken: "shopify-cart" }, "v_other")).toBe("v_owner");
  });

  it("is, for a Shopify checkout without one, the visitor who reported its cart token before it existed", () => {
    expect(cartOwner({ visitorId: null, aliasToken: "shopify-cart" }, "v_early")).toBe("v_early");
    expect(cartOwner({ visitorId: null, aliasToken: "shopify-cart" }, null)).toBeNull();
  });

  it("is nobody for an API cart ingested without a visitor: naming its token proves nothing", () => {
    expect(cartOwner({ visitorId: null, aliasToken: null }, "v_guess")).toBeNull();
  });
});

describe("takeFromWindow (a fixed-window rate limit)", () => {
  const MINUTE = 60_000;
  const run = (times: number, start: RateWindow | null, now: number) => {
    let window = start;
    const allowed: boolean[] = [];
    for (let i = 0; i < times; i++) {
      const decision = takeFromWindow(window, now, 3, MINUTE);
      allowed.push(decision.allowed);
      window = decision.window;
    }
    return { allowed, window };
  };

  it("lets `limit` requests through per window, then refuses with the seconds left in it", () => {
    const { allowed, window } = run(4, null, 1_000);
    expect(allowed).toEqual([true, true, true, false]);
    expect(takeFromWindow(window, 1_000 + 20_500, 3, MINUTE)).toMatchObject({ allowed: false, retryAfterSeconds: 40 });
    expect(takeFromWindow(window, 1_000 + MINUTE - 1, 3, MINUTE)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
  });

  it("opens a new window once the old one is over, and does not count refusals", () => {
    const { window } = run(10, null, 1_000);
    expect(window).toEqual({ opened: 1_000, count: 3 });
    expect(takeFromWindow(window, 1_000 + MINUTE, 3, MINUTE)).toEqual({ allowed: true, window: { opened: 1_000 + MINUTE, count: 1 } });
  });

  it("starts afresh when the clock went back past the window's opening", () => {
    expect(takeFromWindow({ opened: 5_000, count: 3 }, 1_000, 3, MINUTE)).toMatchObject({ allowed: true, window: { opened: 1_000, count: 1 } });
  });
});

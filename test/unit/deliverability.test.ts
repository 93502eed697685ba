import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addressProblem } from "../../worker/domain/deliverability/address-hygiene";
import { judgeDeliverability, judgeOnSharedSender, type GuardWindows } from "../../worker/domain/deliverability/guard";
import { DEFAULT_DELIVERABILITY_POLICY, deliverabilityPolicySchema } from "../../worker/domain/deliverability/policy";
import { addCounts, deliveryRates, NO_DELIVERIES } from "../../worker/domain/deliverability/rates";
import { advanceWarmUp, startWarmUp, warmUpCap } from "../../worker/domain/deliverability/warm-up";

const policy = DEFAULT_DELIVERABILITY_POLICY;
const day = (delivered: number, bounced = 0, complained = 0): GuardWindows => {
  const counts = { sent: delivered + bounced, delivered, bounced, complained };
  return { "24 h": counts, "7 days": counts };
};

describe("delivery rates", () => {
  it("counts bounces over known outcomes and complaints over deliveries", () => {
    const rates = deliveryRates({ sent: 120, delivered: 95, bounced: 5, complained: 1 });
    expect(rates.bounce_rate).toBeCloseTo(0.05);
    expect(rates.complaint_rate).toBeCloseTo(1 / 95);
  });

  it("is zero, not NaN, with nothing delivered", () => {
    expect(deliveryRates(NO_DELIVERIES)).toMatchObject({ bounce_rate: 0, complaint_rate: 0 });
  });
});

describe("the guard", () => {
  it("stays healthy under the thresholds", () => {
    expect(judgeDeliverability(day(10_000, 100, 5), policy)).toEqual({ state: "healthy", reason: null });
  });

  it("slows at the slow threshold and pauses at the pause threshold, naming rate and window", () => {
    expect(judgeDeliverability(day(1_000, 0, 2), policy)).toEqual({
      state: "slowed",
      reason: "Deliverability guard: sending slowed, complaint rate 0.20 % over 24 h",
    });
    expect(judgeDeliverability(day(1_000, 0, 3), policy)).toEqual({ state: "paused", reason: "Deliverability guard: complaint rate 0.30 % over 24 h" });
    expect(judgeDeliverability(day(950, 50), policy).state).toBe("paused");
    expect(judgeDeliverability(day(980, 20), policy).state).toBe("slowed");
  });

  it("decides nothing below the minimum sample", () => {
    expect(judgeDeliverability(day(199, 0, 50), policy).state).toBe("healthy");
    expect(judgeDeliverability(day(150, 49), policy).state).toBe("healthy");
    expect(judgeDeliverability(day(150, 50), policy).state).toBe("paused");
  });

  it("catches a slow leak over 7 days that no single day shows", () => {
    const windows: GuardWindows = {
      "24 h": { sent: 100, delivered: 100, bounced: 0, complained: 0 },
      "7 days": { sent: 5_000, delivered: 5_000, bounced: 0, complained: 20 },
    };
    expect(judgeDeliverability(windows, policy)).toEqual({ state: "paused", reason: "Deliverability guard: complaint rate 0.40 % over 7 days" });
  });

  it("reports the worst breach when several apply", () => {
    const verdict = judgeDeliverability(day(1_000, 30, 4), policy);
    expect(verdict.reason).toContain("complaint rate 0.40 %");
  });

  it("never goes from paused to a milder verdict when a rate only grows (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 200, max: 5_000 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), (delivered, complained, more) => {
        const before = judgeDeliverability(day(delivered, 0, complained), policy).state;
        const after = judgeDeliverability(day(delivered, 0, complained + more), policy).state;
        const rank = { healthy: 0, slowed: 1, paused: 2 };
        expect(rank[after]).toBeGreaterThanOrEqual(rank[before]);
      }),
    );
  });

  it("refuses a slow threshold above its pause threshold, naming the field", () => {
    const result = deliverabilityPolicySchema.safeParse({ ...policy, complaint_rate_slow: 0.01 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["complaint_rate_slow"]);
  });
});

describe("the shared sender", () => {
  const members = [day(2_000), day(300, 0, 15), day(2_000)];
  const shared = { "24 h": members.map((m) => m["24 h"]).reduce(addCounts), "7 days": members.map((m) => m["7 days"]).reduce(addCounts) };

  it("holds the store that burns it and leaves the clean ones sending", () => {
    expect(judgeOnSharedSender(shared, day(300, 0, 15), policy)).toEqual({
      state: "paused",
      reason: "Deliverability guard: complaint rate 0.35 % over 24 h on the shared sender",
    });
    expect(judgeOnSharedSender(shared, day(2_000), policy)).toEqual({ state: "healthy", reason: null });
  });

  it("holds a small offender too: its share of the harm counts, not its sample", () => {
    expect(judgeOnSharedSender(shared, day(20, 0, 1), policy).state).toBe("paused");
  });

  it("holds nobody while the shared sender is healthy", () => {
    const healthy = { "24 h": addCounts(day(50, 0, 5)["24 h"], day(10_000)["24 h"]), "7 days": addCounts(day(50, 0, 5)["7 days"], day(10_000)["7 days"]) };
    expect(judgeOnSharedSender(healthy, day(50, 0, 5), policy).state).toBe("healthy");
  });
});

describe("warm-up", () => {
  it("climbs one rung per healthy day and stays put on an unhealthy one", () => {
    let w = startWarmUp("2026-11-01");
    expect(warmUpCap(w)).toBe(200);
    w = advanceWarmUp(w, "2026-11-01", true);
    expect(warmUpCap(w)).toBe(200);
    w = advanceWarmUp(w, "2026-11-02", true);
    expect(warmUpCap(w)).toBe(500);
    w = advanceWarmUp(w, "2026-11-03", false);
    expect(warmUpCap(w)).toBe(500);
    w = advanceWarmUp(w, "2026-11-09", true);
    expect(warmUpCap(w)).toBe(1_000);
  });

  it("ends without a cap after the last rung", () => {
    let w = startWarmUp("2026-01-01");
    for (let d = 2; d <= 20; d++) w = advanceWarmUp(w, `2026-01-${String(d).padStart(2, "0")}`, true);
    expect(warmUpCap(w)).toBeNull();
  });
});

describe("address hygiene", () => {
  it.each([
    ["shopper@example.com", null],
    ["Info@Example.com", null],
    ["jane+shop@gmail.com", null],
    ["not-an-address", "invalid address syntax"],
    ["two@@example.com", "invalid address syntax"],
    ["someone@mailinator.com", "disposable address domain (mailinator.com)"],
    ["someone@x.mailinator.com", "disposable address domain (mailinator.com)"],
    ["postmaster@example.com", "role address (postmaster@), not a shopper"],
    ["NoReply+x@example.com", "role address (noreply@), not a shopper"],
  ])("%s → %s", (address, problem) => {
    expect(addressProblem(address)).toBe(problem);
  });
});

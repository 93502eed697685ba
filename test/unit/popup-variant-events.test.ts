import { describe, expect, it } from "vitest";
import { analyticsMessages } from "../../worker/domain/analytics-message";
import { ga4Events } from "../../worker/domain/analytics-events";
import { makePopupEligible, recordOrder, recordPopupEvent, recordRefund, startSequence, type SequenceState } from "../../worker/domain/sequence";
import { iso, T0, testCart, testOrder } from "./fixtures";

const HOUR = 3_600_000;
const PLAN = [
  { id: "popup_1h", channel: "popup" as const, delay_seconds: 3600 },
  { id: "email_2h", channel: "email" as const, delay_seconds: 7200, subject: "Hi", body: "Back?" },
];
const B = { test: "t1", id: "B" };

function popupDue(): SequenceState {
  const started = startSequence({ id: "seq_1", store_id: "store_1", cart: testCart(), plan: PLAN, origin: "https://reva.example.com", now: T0 });
  return { ...makePopupEligible(started, "popup_1h", T0 + HOUR), unprojected: [] };
}

describe("popup events of an A/B test variant", () => {
  it("carry the variant, and the cart's conversion and refunds count for the variant first shown", () => {
    let s = recordPopupEvent(popupDue(), "shown", "v_1", T0 + HOUR, B);
    s = recordPopupEvent(s, "clicked", "v_1", T0 + HOUR + 1000, null);
    s = recordPopupEvent(s, "shown", "v_2", T0 + HOUR + 2000, { test: "t1", id: "A" });
    expect(s.popup_variant).toEqual(B);
    s = recordOrder(s, testOrder({ created_at: iso(T0 + 2 * HOUR) }), 7, T0 + 2 * HOUR);
    s = recordRefund(s, { order_id: "1001", refund_id: "r1", amount_cents: 500, currency: "USD" }, T0 + 3 * HOUR);
    expect(s.unprojected.map((e) => [e.type, e.variant ?? null])).toEqual([
      ["sequence_reached", null],
      ["popup_shown", B],
      ["popup_clicked", null],
      ["popup_shown", { test: "t1", id: "A" }],
      ["sequence_recovered", B],
      ["order_refunded", B],
    ]);
    expect(s.unprojected.find((e) => e.type === "popup_shown")?.detail).toBe("the shopper saw the on-site popup (variant B)");
  });

  it("a sequence never shown a variant converts for none", () => {
    let s = recordPopupEvent(popupDue(), "shown", "v_1", T0 + HOUR);
    s = recordOrder(s, testOrder({ created_at: iso(T0 + 2 * HOUR) }), 7, T0 + 2 * HOUR);
    expect(s.popup_variant ?? null).toBeNull();
    expect(s.unprojected.find((e) => e.type === "sequence_recovered")).not.toHaveProperty("variant");
  });

  it("GA4 events carry the variant as a param; events without one have none", () => {
    let s = recordPopupEvent(popupDue(), "shown", "v_1", T0 + HOUR, B);
    s = recordOrder(s, testOrder({ created_at: iso(T0 + 2 * HOUR) }), 7, T0 + 2 * HOUR);
    const events = analyticsMessages(s).flatMap((m) => ga4Events(m, { sendPurchase: true }));
    expect(events.map((e) => [e.event.name, e.event.params.variant])).toEqual([
      ["recovery_popup_shown", "B"],
      ["recovery_conversion", "B"],
      ["purchase", undefined],
    ]);
    const plain = analyticsMessages(recordPopupEvent(popupDue(), "shown", "v_1", T0 + HOUR)).flatMap((m) => ga4Events(m, { sendPurchase: false }));
    expect(plain[0]?.event.params).not.toHaveProperty("variant");
  });
});

import { describe, expect, it } from "vitest";
import { ga4Events, klaviyoEvent } from "../../worker/domain/analytics-events";
import { ANALYTICS_EVENT_TYPES, analyticsMessageSchema, analyticsMessages, type AnalyticsMessage } from "../../worker/domain/analytics-message";
import {
  applyEmailDecision,
  confirmEmailSent,
  makePopupEligible,
  recordEmailEvent,
  recordOrder,
  recordPopupShown,
  recordRefund,
  startSequence,
  type SequenceState,
} from "../../worker/domain/sequence";
import { iso, T0, testCart } from "./fixtures";

const MINUTE = 60_000;

function recoveredSequence(): SequenceState {
  let s = startSequence({
    id: "seq_1",
    store_id: "store_1",
    cart: testCart({ visitor_id: "v1", ga_client_id: "123456789.1700000000" }),
    plan: [
      { id: "popup_1h", channel: "popup", delay_seconds: 60 },
      { id: "email_2h", channel: "email", delay_seconds: 120, subject: "Your cart" },
    ],
    origin: "https://reva.example.com",
    now: T0,
  });
  s = makePopupEligible(s, "popup_1h", T0 + MINUTE);
  s = recordPopupShown(s, "popup_1h", T0 + 2 * MINUTE);
  s = applyEmailDecision(s, "email_2h", { action: "send" }, T0 + 3 * MINUTE);
  s = confirmEmailSent(s, "email_2h", "sent", T0 + 4 * MINUTE);
  s = recordEmailEvent(s, "email_2h", "email_opened", "opened", T0 + 5 * MINUTE);
  // The order is in the shop's currency, which need not be the cart's.
  const order = { order_id: "1001", checkout_token: null, cart_token: "cart_1", email: "ann@example.com", customer_id: null, total_price: "40.00", currency: "EUR", paid: true, created_at: iso(T0 + 6 * MINUTE) };
  s = recordOrder(s, order, 7, T0 + 6 * MINUTE);
  return recordRefund(s, { order_id: "1001", refund_id: "r-1", amount_cents: 1500, currency: "EUR" }, T0 + 7 * MINUTE);
}

const message = (overrides: Partial<AnalyticsMessage> = {}): AnalyticsMessage => ({
  event_id: "seq_1:000007",
  type: "email_sent",
  at: iso(T0),
  store_id: "store_1",
  sequence_id: "seq_1",
  step: "email_2h",
  amount_cents: null,
  currency: "USD",
  email: "ann@example.com",
  ga_client_id: null,
  order_id: null,
  ...overrides,
});
const conversion = message({ event_id: "seq_1:000009", type: "sequence_recovered", amount_cents: 4250, order_id: "1001" });
const refund = message({ event_id: "seq_1:000010", type: "order_refunded", amount_cents: 1500, order_id: "1001" });

describe("analyticsMessages", () => {
  it("carries each touch and outcome not yet projected, with the shopper, and the order for money events", () => {
    const s = recoveredSequence();
    const messages = analyticsMessages(s);
    for (const m of messages) expect(analyticsMessageSchema.parse(m)).toEqual(m);
    const base = { store_id: "store_1", sequence_id: "seq_1", email: "ann@example.com", ga_client_id: "123456789.1700000000" };
    expect(messages).toEqual([
      { ...base, event_id: expect.any(String), type: "popup_shown", at: iso(T0 + 2 * MINUTE), step: "popup_1h", amount_cents: null, currency: "USD", order_id: null },
      { ...base, event_id: expect.any(String), type: "email_sent", at: iso(T0 + 4 * MINUTE), step: "email_2h", amount_cents: null, currency: "USD", order_id: null },
      { ...base, event_id: expect.any(String), type: "email_opened", at: iso(T0 + 5 * MINUTE), step: "email_2h", amount_cents: null, currency: "USD", order_id: null },
      { ...base, event_id: expect.any(String), type: "sequence_recovered", at: iso(T0 + 6 * MINUTE), step: "email_2h", amount_cents: 4000, currency: "EUR", order_id: "1001" },
      { ...base, event_id: expect.any(String), type: "order_refunded", at: iso(T0 + 7 * MINUTE), step: "email_2h", amount_cents: 1500, currency: "EUR", order_id: "1001" },
    ]);
    // The ids are the timeline's own, so a message sent twice is the same event.
    expect(messages.map((m) => m.event_id)).toEqual(s.unprojected.filter((e) => (ANALYTICS_EVENT_TYPES as readonly string[]).includes(e.type)).map((e) => e.id));
  });

  it("is empty once the events are projected", () => {
    expect(analyticsMessages({ ...recoveredSequence(), unprojected: [] })).toEqual([]);
  });
});

describe("GA4 events", () => {
  const micros = T0 * 1000;

  it.each([
    ["email_sent", "recovery_email_sent"],
    ["email_opened", "recovery_email_opened"],
    ["email_clicked", "recovery_email_clicked"],
    ["popup_shown", "recovery_popup_shown"],
    ["popup_clicked", "recovery_popup_clicked"],
    ["popup_dismissed", "recovery_popup_dismissed"],
  ] as const)("%s is %s at the event's own time, keyed by the event id", (type, name) => {
    expect(ga4Events(message({ type }), { sendPurchase: true })).toEqual([
      { key: "seq_1:000007", event: { name, params: { sequence_id: "seq_1", step: "email_2h" }, timestamp_micros: micros } },
    ]);
  });

  it("a conversion is recovery_conversion with the order, and purchase too only when the store asks", () => {
    const params = { transaction_id: "1001", value: 42.5, currency: "USD" };
    const recovery = { key: "seq_1:000009", event: { name: "recovery_conversion", params: { ...params, sequence_id: "seq_1", step: "email_2h" }, timestamp_micros: micros } };
    expect(ga4Events(conversion, { sendPurchase: false })).toEqual([recovery]);
    expect(ga4Events(conversion, { sendPurchase: true })).toEqual([recovery, { key: "seq_1:000009:purchase", event: { name: "purchase", params, timestamp_micros: micros } }]);
  });

  it("a refund is GA4's refund of the same transaction, only when the store sends purchases", () => {
    expect(ga4Events(refund, { sendPurchase: false })).toEqual([]);
    expect(ga4Events(refund, { sendPurchase: true })).toEqual([
      { key: "seq_1:000010:refund", event: { name: "refund", params: { transaction_id: "1001", value: 15, currency: "USD" }, timestamp_micros: micros } },
    ]);
  });

  it("a touch without a step leaves the param out", () => {
    expect(ga4Events(message({ step: null }), { sendPurchase: false })[0]?.event.params).toEqual({ sequence_id: "seq_1" });
  });
});

describe("Klaviyo events", () => {
  it.each([
    ["email_sent", "Reva Cart Recovery Email Sent"],
    ["email_opened", "Reva Cart Recovery Email Opened"],
    ["email_clicked", "Reva Cart Recovery Email Clicked"],
    ["popup_shown", "Reva Cart Recovery Popup Shown"],
    ["popup_clicked", "Reva Cart Recovery Popup Clicked"],
    ["popup_dismissed", "Reva Cart Recovery Popup Dismissed"],
  ] as const)("%s is the metric %s with the event id as unique_id", (type, metric) => {
    expect(klaviyoEvent(message({ type }))).toEqual({
      key: "seq_1:000007",
      event: { metric, email: "ann@example.com", properties: { sequence_id: "seq_1", step: "email_2h" }, time: new Date(T0), uniqueId: "seq_1:000007" },
    });
  });

  it("a conversion carries value and value_currency; a refund is a metric of its own with the amount given back", () => {
    expect(klaviyoEvent(conversion)).toMatchObject({
      event: { metric: "Reva Cart Recovery Conversion", value: 42.5, valueCurrency: "USD", properties: { order_id: "1001" }, uniqueId: "seq_1:000009" },
    });
    expect(klaviyoEvent(refund)).toMatchObject({
      event: { metric: "Reva Cart Recovery Refund", value: 15, valueCurrency: "USD", properties: { order_id: "1001" }, uniqueId: "seq_1:000010" },
    });
  });

  it("is impossible without an address, and says why", () => {
    expect(klaviyoEvent(message({ email: null }))).toEqual({ key: "seq_1:000007", problem: expect.stringContaining("no email address") });
  });
});

import { describe, expect, it } from "vitest";
import { startSequence, makePopupEligible } from "../../worker/domain/sequence";
import { toSequenceView } from "../../worker/domain/sequence-view";
import { defaultSettings } from "../../worker/domain/settings";
import { popupOffer } from "../../worker/domain/widget";
import { iso, T0, testCart } from "./fixtures";

describe("toSequenceView", () => {
  it("shows the steps without engine fields, the step waited on, the steps sent, and the cart without shopper ids", () => {
    const cart = testCart({ visitor_id: "v1", ga_client_id: "123.456", customer_id: "cust-1" });
    let state = startSequence({
      id: "seq_1",
      store_id: "store_1",
      cart,
      plan: [
        { id: "popup_1h", channel: "popup", delay_seconds: 60 },
        { id: "email_2h", channel: "email", delay_seconds: 120, subject: "Hi" },
      ],
      origin: "https://reva.example.com",
      now: T0,
    });
    state = makePopupEligible(state, "popup_1h", T0 + 60_000);
    expect(toSequenceView(state)).toEqual({
      id: "seq_1",
      status: "active",
      sequence_type: "abandoned_cart",
      current_step: "email_2h",
      in_flight: [],
      steps_completed: ["popup_1h"],
      steps: [
        { id: "popup_1h", channel: "popup", status: "sent", scheduled_at: iso(T0 + 60_000), executed_at: iso(T0 + 60_000), reason: "eligible for the on-site popup" },
        { id: "email_2h", channel: "email", status: "scheduled", scheduled_at: iso(T0 + 120_000), executed_at: null, reason: null },
      ],
      cart: { token: "cart_1", customer_email: "ann@example.com", total_price: "42.50", currency: "USD", checkout_url: cart.checkout_url, items: cart.items },
      started_at: iso(T0),
      stopped_reason: null,
    });
  });
});

describe("popupOffer", () => {
  it("is the cart as the sequence saw it, in the store's words, without item ids or pages", () => {
    const { popup } = defaultSettings({ name: "Acme", from_email: "hi@acme.example.com", domain: "acme.example.com" });
    const cart = testCart({ items: [{ id: "tee", title: "Tee", price: "42.50", quantity: 1, image_url: "https://cdn.example.com/t.png", url: "https://acme.example.com/tee", variant_title: "M" }] });
    expect(popupOffer("seq_1", cart, popup)).toEqual({
      sequence_id: "seq_1",
      items: [{ title: "Tee", price: "42.50", quantity: 1, image_url: "https://cdn.example.com/t.png" }],
      total_price: "42.50",
      currency: "USD",
      checkout_url: cart.checkout_url,
      delay_seconds: 30,
      dismiss_hours: 24,
      exit_intent: false,
      copy: { title: "Your cart is waiting", body: popup.body, cta: "Complete purchase", dismiss_label: "Maybe later" },
    });
  });
});

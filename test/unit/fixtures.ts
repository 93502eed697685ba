import type { Cart } from "../../worker/domain/cart";
import type { SendFacts } from "../../worker/domain/coordinator";
import type { Order } from "../../worker/domain/order";

/** The moment the test cart was abandoned; every unit test's clock counts from it. */
export const T0 = Date.parse("2026-11-25T12:00:00.000Z");
export const iso = (ms: number) => new Date(ms).toISOString();

/** Ann's cart: one tee, consent given, abandoned at T0. */
export function testCart(overrides: Partial<Cart> = {}): Cart {
  return {
    token: "cart_1",
    alias_token: null,
    customer_email: "ann@example.com",
    first_name: "Ann",
    customer_id: null,
    accepts_marketing: true,
    currency: "USD",
    total_price: "42.50",
    checkout_url: "https://shop.example.com/checkout/cart_1",
    items: [{ id: "tee", title: "Tee", price: "42.50", quantity: 1 }],
    visitor_id: null,
    ga_client_id: null,
    updated_at: iso(T0),
    ...overrides,
  };
}

/** The coordinator's store settings with nothing in the way but a cap of one email a day. */
export function coordinatorSettings(overrides: Partial<SendFacts["settings"]> = {}): SendFacts["settings"] {
  return {
    consent_mode: "marketing_only",
    frequency_cap: { max_emails: 1, per_hours: 24 },
    daily_send_limit: null,
    quiet_hours: null,
    timezone: "UTC",
    failure_policy: "send",
    klaviyo: { policy: "skip", lookback_hours: 24 },
    ...overrides,
  };
}

/** Ann's paid order for the test cart, placed three hours after it was abandoned. */
export function testOrder(overrides: Partial<Order> = {}): Order {
  return {
    order_id: "1001",
    checkout_token: null,
    cart_token: "cart_1",
    email: "ann@example.com",
    customer_id: null,
    total_price: "42.50",
    currency: "USD",
    paid: true,
    created_at: iso(T0 + 3 * 3_600_000),
    ...overrides,
  };
}

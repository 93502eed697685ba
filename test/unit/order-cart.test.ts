import { describe, expect, it } from "vitest";
import { cartFromInput, cartInputSchema, toCents, toDecimal } from "../../worker/domain/cart";
import { FINANCIAL_STATUSES, isPaid, orderFromInput, refundFromInput } from "../../worker/domain/order";
import { iso, T0 } from "./fixtures";

describe("money", () => {
  it("toDecimal writes numbers with two decimals and keeps decimal strings as given", () => {
    expect(toDecimal(59.9)).toBe("59.90");
    expect(toDecimal(10)).toBe("10.00");
    expect(toDecimal("39.9")).toBe("39.9");
  });

  it("toCents rounds to the nearest cent", () => {
    expect(toCents("59.90")).toBe(5990);
    expect(toCents("0.015")).toBe(2);
    expect(toCents("19.994")).toBe(1999);
  });
});

describe("cartFromInput", () => {
  it("maps the API's cart to the cart model: lower-case address, decimal prices, the given alias", () => {
    const cart = cartFromInput(
      {
        cart_token: "c1",
        email: "Ann@Example.COM",
        first_name: "Ann",
        customer_id: "cust-1",
        accepts_marketing: true,
        currency: "EUR",
        total_price: 25,
        checkout_url: "https://shop.example.com/checkout",
        items: [{ id: "a", title: "Tee", price: 12.5, quantity: 2 }],
        visitor_id: "v1",
        ga_client_id: "123.456",
        updated_at: "2026-11-25T13:00:00+01:00",
      },
      new Date(T0 + 1000),
      "alias-1",
    );
    expect(cart).toEqual({
      token: "c1",
      alias_token: "alias-1",
      customer_email: "ann@example.com",
      first_name: "Ann",
      customer_id: "cust-1",
      accepts_marketing: true,
      currency: "EUR",
      total_price: "25.00",
      checkout_url: "https://shop.example.com/checkout",
      items: [{ id: "a", title: "Tee", price: "12.50", quantity: 2 }],
      visitor_id: "v1",
      ga_client_id: "123.456",
      updated_at: "2026-11-25T12:00:00.000Z",
    });
  });

  it("fills what is missing: no consent, no alias, and now as the time of the activity", () => {
    const cart = cartFromInput({ cart_token: "c1", currency: "USD", total_price: "1.00", checkout_url: "https://shop.example.com/c", items: [] }, new Date(T0));
    expect(cart).toMatchObject({
      alias_token: null,
      customer_email: null,
      first_name: null,
      customer_id: null,
      accepts_marketing: false,
      visitor_id: null,
      ga_client_id: null,
      updated_at: iso(T0),
    });
  });
});

describe("cartInputSchema", () => {
  const cart = { cart_token: "c1", currency: "USD", total_price: "1.00", items: [] };
  it("takes an http or https checkout URL and nothing else, even one that mentions https later", () => {
    expect(cartInputSchema.safeParse({ ...cart, checkout_url: "http://shop.example.com/c" }).success).toBe(true);
    expect(cartInputSchema.safeParse({ ...cart, checkout_url: "https://shop.example.com/c" }).success).toBe(true);
    const refused = cartInputSchema.safeParse({ ...cart, checkout_url: "ftp://shop.example.com/https://x" });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["checkout_url", "expected an http(s) URL"]]);
  });
});

describe("orders and refunds", () => {
  it("isPaid: money taken (even if given back since) or no status at all; not pending, authorized, voided or expired", () => {
    const paid = FINANCIAL_STATUSES.filter((status) => isPaid(status));
    expect(paid).toEqual(["partially_paid", "paid", "partially_refunded", "refunded"]);
    expect(isPaid(null)).toBe(true);
    expect(isPaid(undefined)).toBe(true);
  });

  it("orderFromInput keeps every key a cart can be found by, lower-cases the address, and dates it now by default", () => {
    expect(orderFromInput({ order_id: "1001", cart_token: "c1", email: "Ann@Example.com", customer_id: "cust-1", total_price: 59.9, currency: "USD", financial_status: "pending" }, new Date(T0))).toEqual({
      order_id: "1001",
      checkout_token: null,
      cart_token: "c1",
      email: "ann@example.com",
      customer_id: "cust-1",
      total_price: "59.90",
      currency: "USD",
      paid: false,
      created_at: iso(T0),
    });
    expect(orderFromInput({ order_id: "1002", total_price: "5", currency: "USD", financial_status: "paid", created_at: "2026-11-25T13:00:00+01:00" }, new Date(T0 + 5000))).toEqual({
      order_id: "1002",
      checkout_token: null,
      cart_token: null,
      email: null,
      customer_id: null,
      total_price: "5",
      currency: "USD",
      paid: true,
      created_at: iso(T0),
    });
  });

  it("refundFromInput counts the amount in cents", () => {
    expect(refundFromInput({ order_id: "1001", refund_id: "r1", amount: "10.005", currency: "EUR" })).toEqual({ order_id: "1001", refund_id: "r1", amount_cents: 1001, currency: "EUR" });
    expect(refundFromInput({ order_id: "1001", refund_id: "r2", amount: 7.5, currency: "EUR" }).amount_cents).toBe(750);
  });
});

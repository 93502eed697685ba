import { describe, expect, it } from "vitest";
import { isBuyingPage } from "../../widget/src/buying-page";

describe("isBuyingPage", () => {
  it("is true on checkout, thank-you and order-status pages, where the popup never opens", () => {
    for (const path of ["/checkout", "/checkouts/c/abc123", "/123/checkouts/abc/thank_you", "/thank_you", "/account/orders/9f2", "/demo/checkout"]) {
      expect(isBuyingPage(path), path).toBe(true);
    }
  });

  it("is false on the storefront's other pages", () => {
    for (const path of ["/", "/products/mug", "/cart", "/collections/orders", "/demo"]) expect(isBuyingPage(path), path).toBe(false);
  });
});

import type { Cart } from "../cart";
import type { StoredSettings } from "../settings";

/** A believable cart for previews when the merchant has none at hand. */
export function sampleCart(settings: StoredSettings, to: string, now: Date): Cart {
  const domain = settings.domains[0] ?? "shop.example.com";
  return {
    token: "preview",
    alias_token: null,
    customer_email: to,
    first_name: "Alex",
    customer_id: null,
    accepts_marketing: true,
    currency: settings.currency,
    total_price: "74.00",
    checkout_url: `https://${domain}/checkout`,
    items: [
      { id: "sample-1", title: "Organic cotton tee", variant_title: "M / Oat", price: "28.00", quantity: 2, image_url: null },
      { id: "sample-2", title: "Stoneware mug", variant_title: null, price: "18.00", quantity: 1, image_url: null },
    ],
    visitor_id: null,
    ga_client_id: null,
    updated_at: now.toISOString(),
  };
}

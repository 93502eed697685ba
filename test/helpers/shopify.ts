import { env } from "cloudflare:test";
import { expect } from "vitest";
import { request } from "./api";
import { eventually } from "./sequences";

export async function shopifySignature(secret: string, body: string) {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body)));
  return btoa(String.fromCharCode(...mac));
}

type WebhookOptions = { webhookId?: string; signature?: string };

/**
 * Sends a signed webhook and, when it is acknowledged as queued ("processed"), waits until the
 * ingest queue's consumer has applied it (its receipt is marked), so that the test sees its effects.
 */
export async function sendShopifyWebhook(storeId: string, secret: string, topic: string, payload: unknown, options: WebhookOptions = {}) {
  const webhookId = options.webhookId ?? crypto.randomUUID();
  const response = await postShopifyWebhook(storeId, secret, topic, payload, { ...options, webhookId });
  if (response.status === 200 && (await response.clone().json<{ status: string }>()).status === "processed") await webhookApplied(storeId, webhookId);
  return response;
}

/** Sends a signed webhook and returns the answer at once, before the consumer has applied it. */
export async function postShopifyWebhook(storeId: string, secret: string, topic: string, payload: unknown, options: WebhookOptions = {}) {
  return request(`/webhooks/shopify/${storeId}`, await shopifyWebhookInit(secret, topic, payload, options));
}

/** A webhook as Shopify posts it: the JSON body, its topic, a webhook id and the body's signature (or the one given). */
export async function shopifyWebhookInit(secret: string, topic: string, payload: unknown, options: WebhookOptions = {}): Promise<RequestInit> {
  const body = JSON.stringify(payload);
  return {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-webhook-id": options.webhookId ?? crypto.randomUUID(),
      "x-shopify-hmac-sha256": options.signature ?? (await shopifySignature(secret, body)),
    },
  };
}

/** Resolves once the ingest consumer has applied the webhook (services/ingest marks its receipt). */
export function webhookApplied(storeId: string, webhookId: string) {
  return eventually(async () => {
    // The receipt is on the store's shard, whichever of the two the tests run with.
    const rows = await Promise.all(
      [env.DB, env.DB_SHARD_2].map((db) => db.prepare("SELECT applied_at FROM webhook_receipts WHERE store_id = ? AND webhook_id = ?").bind(storeId, webhookId).first()),
    );
    expect(rows.find((row) => row)?.applied_at, `webhook ${webhookId} applied`).toBeTruthy();
  });
}

/** The fields of a real `checkouts/create` payload that Reva reads, plus a few it ignores. */
export function shopifyCheckout(overrides: Record<string, unknown> = {}) {
  return {
    id: 123456789,
    token: `chk_${crypto.randomUUID()}`,
    cart_token: `cart_${crypto.randomUUID()}`,
    email: "Buyer@Example.com",
    buyer_accepts_marketing: true,
    created_at: "2026-11-25T10:00:00-05:00",
    updated_at: new Date().toISOString(),
    abandoned_checkout_url: "https://shop.example.com/12345/checkouts/abc/recover?key=xyz",
    currency: "CAD",
    presentment_currency: "CAD",
    total_price: "398.00",
    subtotal_price: "398.00",
    customer: { id: 207119551, email: "buyer@example.com", first_name: "Bob", email_marketing_consent: { state: "subscribed" } },
    line_items: [
      { key: "li-1", variant_id: 39072856, product_id: 632910392, title: "IPod Nano - 8gb", variant_title: "green", price: "199.00", quantity: 2, sku: "IPOD2008GREEN" },
    ],
    ...overrides,
  };
}

import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { createStore, request } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { storeState } from "./helpers/store-state";
import { storeWithSentEmail } from "./helpers/email-flow";
import { svixHeaders } from "./helpers/resend";
import { sendShopifyWebhook, shopifyCheckout, shopifySignature, webhookApplied } from "./helpers/shopify";

/**
 * Webhooks that are forged, replayed, stale, tampered with or sent under another topic are
 * refused (or acknowledged and ignored, for a replay), and nothing of the store changes: rows,
 * sequence state and suppressions are compared whole before and after, not only the status.
 */

let clock: ReturnType<typeof useFakeClock> | undefined;
afterEach(() => {
  clock?.restore();
  clock = undefined;
});

/**
 * A POST exactly as Shopify sends it, with the signature given (the helper signs the JSON it makes;
 * here the bytes matter). A webhook taken for processing is awaited until the ingest consumer has
 * applied it, so "nothing changed" is asserted after its effects, not before them.
 */
async function rawShopify(storeId: string, topic: string, body: string, signature: string, webhookId = crypto.randomUUID()) {
  const response = await request(`/webhooks/shopify/${storeId}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-shopify-topic": topic, "x-shopify-webhook-id": webhookId, "x-shopify-hmac-sha256": signature },
  });
  if (response.status === 200 && (await response.clone().json<{ status: string }>()).status === "processed") await webhookApplied(storeId, webhookId);
  return response;
}

describe("Shopify webhook signatures", () => {
  async function storeWithCheckout() {
    const store = await createStore();
    const checkout = shopifyCheckout({ updated_at: new Date().toISOString() });
    const body = JSON.stringify(checkout);
    const webhookId = crypto.randomUUID();
    expect((await rawShopify(store.id, "checkouts/create", body, await shopifySignature(store.webhook_secret, body), webhookId)).status).toBe(200);
    return { store, checkout, body, webhookId };
  }

  it("refuses forged signatures (another secret, another body, another store's secret, garbage) with 401 and changes nothing", async () => {
    const { store, checkout } = await storeWithCheckout();
    const other = await createStore();
    const before = await storeState(store.id);
    const update = JSON.stringify({ ...checkout, total_price: "1.00", email: "attacker@example.com", updated_at: new Date(Date.now() + 60_000).toISOString() });
    const order = JSON.stringify({ id: 99, checkout_token: checkout.token, email: checkout.email, total_price: "398.00", currency: "CAD" });
    const forgeries = [
      await shopifySignature("whsec_guessed", update),
      await shopifySignature(other.webhook_secret, update),
      await shopifySignature(store.webhook_secret, `${update} `),
      await shopifySignature(store.webhook_secret.toUpperCase(), update),
      btoa("x".repeat(32)),
      "",
      "%%%",
    ];
    for (const signature of forgeries) {
      const response = await rawShopify(store.id, "checkouts/update", update, signature);
      expect([401, 422]).toContain(response.status);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect((await rawShopify(store.id, "orders/paid", order, signature)).status).toBeGreaterThanOrEqual(400);
    }
    expect(await storeState(store.id)).toEqual(before);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM webhook_receipts WHERE store_id = ?").bind(store.id).first("n")).toBe(1);
  });

  it("acknowledges a replayed delivery (same webhook id) and changes nothing, even with another topic or body", async () => {
    const { store, checkout, body, webhookId } = await storeWithCheckout();
    const before = await storeState(store.id);
    const replay = await rawShopify(store.id, "checkouts/create", body, await shopifySignature(store.webhook_secret, body), webhookId);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ status: "duplicate" });
    const changed = JSON.stringify({ ...checkout, total_price: "1.00", updated_at: new Date(Date.now() + 60_000).toISOString() });
    const underSameId = await rawShopify(store.id, "checkouts/update", changed, await shopifySignature(store.webhook_secret, changed), webhookId);
    expect(await underSameId.json()).toEqual({ status: "duplicate" });
    expect(await storeState(store.id)).toEqual(before);
  });

  it("counts a captured order replayed under a fresh webhook id once (the id is not signed)", async () => {
    const { store, checkout } = await storeWithCheckout();
    const order = JSON.stringify({ id: 4242, checkout_token: checkout.token, email: checkout.email, total_price: "398.00", currency: "CAD", financial_status: "paid" });
    const signature = await shopifySignature(store.webhook_secret, order);
    expect((await rawShopify(store.id, "orders/paid", order, signature)).status).toBe(200);
    const before = await storeState(store.id);
    expect((await rawShopify(store.id, "orders/paid", order, signature)).status).toBe(200);
    expect(await storeState(store.id)).toEqual(before);
  });

  it("does not let a stale checkout (older than the cart it would update) roll the cart back", async () => {
    const { store, checkout } = await storeWithCheckout();
    const before = await storeState(store.id);
    const stale = JSON.stringify({ ...checkout, total_price: "1.00", line_items: [], updated_at: new Date(Date.now() - 3_600_000).toISOString() });
    const response = await rawShopify(store.id, "checkouts/update", stale, await shopifySignature(store.webhook_secret, stale));
    expect(response.status).toBeLessThan(500);
    const after = await storeState(store.id);
    expect(after.carts).toEqual(before.carts);
    expect(after.sequences.map((s: any) => [s.id, s.status, JSON.parse(s.cart).total_price])).toEqual(before.sequences.map((s: any) => [s.id, s.status, JSON.parse(s.cart).total_price]));
  });

  it("refuses a signed body sent under another topic (a checkout as an order, an order as a checkout) and changes nothing", async () => {
    const { store, checkout, body } = await storeWithCheckout();
    const before = await storeState(store.id);
    const signedCheckout = await shopifySignature(store.webhook_secret, body);
    for (const topic of ["orders/create", "orders/paid", "refunds/create"]) {
      const response = await rawShopify(store.id, topic, body, signedCheckout);
      expect(response.status, topic).toBeGreaterThanOrEqual(400);
      expect(response.status, topic).toBeLessThan(500);
    }
    const order = JSON.stringify({ id: 77, checkout_token: checkout.token, email: checkout.email, total_price: "398.00", currency: "CAD" });
    const asCheckout = await rawShopify(store.id, "checkouts/update", order, await shopifySignature(store.webhook_secret, order));
    expect(asCheckout.status).toBeGreaterThanOrEqual(400);
    expect(asCheckout.status).toBeLessThan(500);
    expect(await storeState(store.id)).toEqual(before);
  });
});

describe("Resend webhook signatures", () => {
  const bounce = (emailId: string, to: string) => ({
    type: "email.bounced",
    created_at: new Date().toISOString(),
    data: { email_id: emailId, from: "shop@demo.reva.dev", to: [to], subject: "s", created_at: new Date().toISOString(), bounce: { type: "Permanent", subType: "General", message: "no such user" } },
  });
  const post = (body: string, headers: Record<string, string>) => request("/webhooks/resend", { method: "POST", body, headers });

  async function sentEmail() {
    clock = useFakeClock();
    const { store, email, payload } = await storeWithSentEmail(clock);
    return { store, emailId: email.id, to: payload.email as string };
  }

  it("refuses forged, tampered, stale, future and id-swapped deliveries with 401 and changes nothing (no suppression, no bounce)", async () => {
    const { store, emailId, to } = await sentEmail();
    const before = await storeState(store.id);
    const body = JSON.stringify(bounce(emailId, to));
    const now = Math.floor(Date.now() / 1000);
    const delivered = JSON.stringify({ ...bounce(emailId, to), type: "email.delivered" });
    const signedDelivered = await svixHeaders(delivered);
    const attempts: [string, string, Record<string, string>][] = [
      ["forged (another secret)", body, await svixHeaders(body, { secret: `whsec_${btoa("another secret entirely!")}` })],
      ["tampered (delivered → bounced after signing)", body, signedDelivered],
      ["stale (10 minutes old)", body, await svixHeaders(body, { timestamp: now - 600 })],
      ["from the future (10 minutes ahead)", body, await svixHeaders(body, { timestamp: now + 600 })],
      ["id swapped after signing", body, { ...(await svixHeaders(body, { id: "msg_signed" })), "svix-id": "msg_swapped" }],
      ["timestamp swapped after signing", body, { ...(await svixHeaders(body, { timestamp: now - 600 })), "svix-timestamp": String(now) }],
      ["no signature", body, { "content-type": "application/json", "svix-id": "msg_x", "svix-timestamp": String(now), "svix-signature": "" }],
    ];
    for (const [what, payload, headers] of attempts) {
      const response = await post(payload, headers);
      expect([400, 401, 422], what).toContain(response.status);
      expect(response.headers.get("content-type"), what).toBe("application/problem+json");
    }
    expect(await storeState(store.id)).toEqual(before);
    expect(before.suppressions).toEqual([]);
  });

  it("applies a replayed delivery (same svix-id) once: one bounce, one suppression", async () => {
    const { store, emailId, to } = await sentEmail();
    const body = JSON.stringify(bounce(emailId, to));
    const headers = await svixHeaders(body, { id: `msg_${crypto.randomUUID()}` });
    expect((await post(body, headers)).status).toBe(200);
    const once = await storeState(store.id);
    expect(once.suppressions).toEqual([{ email: to.toLowerCase(), reason: "bounced" }]);
    const replay = await post(body, headers);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ status: "duplicate" });
    expect(await storeState(store.id)).toEqual(once);
  });
});

import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import worker from "../worker/index";
import { createStore, json, request } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { storeWithSentEmail } from "./helpers/email-flow";
import { sendShopifyWebhook, shopifyCheckout, shopifySignature } from "./helpers/shopify";

let clock: ReturnType<typeof useFakeClock> | undefined;
afterEach(() => {
  clock?.restore();
  clock = undefined;
});

const GRACE_MS = 24 * 60 * 60 * 1000;

async function signIn(secretKey: string): Promise<string> {
  const response = await request("/api/v1/session", { method: "POST", json: { secret_key: secretKey } });
  expect(response.status).toBe(204);
  const cookie = response.headers.get("set-cookie")!.match(/reva_session=([^;]+)/)![1]!;
  return `reva_session=${cookie}`;
}

const settingsWithCookie = (cookie: string) => request("/api/v1/store/settings", { headers: { cookie } });
const rotate = (key: string, kind: string) => request("/api/v1/store/keys/rotate", { method: "POST", key, json: { kind } });
const cartCount = async (storeId: string) => (await env.DB.prepare("SELECT count(*) AS n FROM carts WHERE store_id = ?").bind(storeId).first<{ n: number }>())!.n;

describe("dashboard sessions", () => {
  it("are revoked server-side on sign-out: the same cookie is refused afterwards, other sessions are not", async () => {
    const store = await createStore();
    const cookie = await signIn(store.secret_key);
    const other = await signIn(store.secret_key);
    expect((await settingsWithCookie(cookie)).status).toBe(200);

    const signOut = await request("/api/v1/session", { method: "DELETE", headers: { cookie } });
    expect(signOut.status).toBe(204);
    expect(signOut.headers.get("set-cookie")).toMatch(/reva_session=;/);

    const replayed = await settingsWithCookie(cookie);
    expect(replayed.status).toBe(401);
    expect(replayed.headers.get("content-type")).toBe("application/problem+json");
    expect((await settingsWithCookie(other)).status).toBe(200);
    // Signing out again, or with no or a forged cookie, is harmless and stores nothing.
    expect((await request("/api/v1/session", { method: "DELETE", headers: { cookie } })).status).toBe(204);
    expect((await request("/api/v1/session", { method: "DELETE", headers: { cookie: "reva_session=store_x.9999999999.forged" } })).status).toBe(204);
    expect((await request("/api/v1/session", { method: "DELETE" })).status).toBe(204);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM revoked_sessions").first<{ n: number }>())!.n).toBe(1);
  });
});

describe("key rotation", () => {
  it("shows a new secret key once; the old one works for the grace period and is refused after it", async () => {
    clock = useFakeClock();
    const store = await createStore();
    const response = await rotate(store.secret_key, "secret");
    expect(response.status).toBe(200);
    const rotated = await response.json<{ kind: string; key: string; previous_valid_until: string }>();
    expect(rotated.kind).toBe("secret");
    expect(rotated.key).toMatch(/^sk_/);
    expect(rotated.key).not.toBe(store.secret_key);
    expect(Date.parse(rotated.previous_valid_until)).toBe(clock.start + GRACE_MS);
    const row = await env.DB.prepare("SELECT secret_key_hash AS h FROM stores WHERE id = ?").bind(store.id).first<{ h: string }>();
    expect(row!.h).not.toContain(rotated.key);

    expect((await request("/api/v1/store/settings", { key: rotated.key })).status).toBe(200);
    expect((await request("/api/v1/store/settings", { key: store.secret_key })).status).toBe(200);
    clock.at(GRACE_MS - 1000);
    expect((await request("/api/v1/store/settings", { key: store.secret_key })).status).toBe(200);
    clock.at(GRACE_MS + 1000);
    expect((await request("/api/v1/store/settings", { key: store.secret_key })).status).toBe(401);
    expect((await request("/api/v1/store/settings", { key: rotated.key })).status).toBe(200);
    // The old key cannot open a dashboard session either.
    expect((await request("/api/v1/session", { method: "POST", json: { secret_key: store.secret_key } })).status).toBe(401);
  });

  it("drops a key replaced twice at once: only the last replaced key has a grace period", async () => {
    const store = await createStore();
    const second = (await json(rotate(store.secret_key, "secret"))).key;
    const third = (await json(rotate(second, "secret"))).key;
    expect((await request("/api/v1/store/settings", { key: store.secret_key })).status).toBe(401);
    expect((await request("/api/v1/store/settings", { key: second })).status).toBe(200);
    expect((await request("/api/v1/store/settings", { key: third })).status).toBe(200);
  });

  it("rotates the publishable key with the same grace period", async () => {
    clock = useFakeClock();
    const store = await createStore();
    const { key } = await json(rotate(store.secret_key, "publishable"));
    expect(key).toMatch(/^pk_/);
    const session = (pk: string) => request(`/api/v1/widget/session?key=${pk}`, { method: "POST", json: { visitor_id: "v-1" } });
    expect((await session(key)).status).toBe(200);
    expect((await session(store.publishable_key)).status).toBe(200);
    clock.at(GRACE_MS + 1000);
    expect((await session(store.publishable_key)).status).toBe(401);
    expect((await session(key)).status).toBe(200);
  });

  it("rotates the Shopify webhook secret: the old one verifies during the grace period only, and nothing is stored from a refused webhook", async () => {
    clock = useFakeClock();
    const store = await createStore();
    const { key } = await json(rotate(store.secret_key, "webhook"));
    expect(key).toMatch(/^whsec_/);
    const checkout = () => shopifyCheckout({ updated_at: new Date().toISOString() });
    expect((await sendShopifyWebhook(store.id, key, "checkouts/create", checkout())).status).toBe(200);
    expect((await sendShopifyWebhook(store.id, store.webhook_secret, "checkouts/create", checkout())).status).toBe(200);
    expect(await cartCount(store.id)).toBe(2);
    clock.at(GRACE_MS + 1000);
    expect((await sendShopifyWebhook(store.id, store.webhook_secret, "checkouts/create", checkout())).status).toBe(401);
    expect(await cartCount(store.id)).toBe(2);
    expect((await sendShopifyWebhook(store.id, key, "checkouts/create", checkout())).status).toBe(200);
    expect(await cartCount(store.id)).toBe(3);
  });

  it("refuses an unknown kind (422 naming it) and another store's key (401)", async () => {
    const store = await createStore();
    const response = await rotate(store.secret_key, "admin");
    expect(response.status).toBe(422);
    expect((await response.json<any>()).errors[0].field).toBe("kind");
    expect((await rotate(store.publishable_key, "secret")).status).toBe(401);
  });
});

describe("SECRETS_KEY rotation", () => {
  const DEV_SECRETS_KEY = "reva-dev-secrets-key-not-for-production";
  const NEW_KEY = "a-brand-new-secrets-key-0123456789";

  /** The Worker as deployed after the operator rotated SECRETS_KEY (with or without keeping the old one). */
  async function rotatedWorker(path: string, init: RequestInit, keepPrevious: boolean) {
    const vars = { ...env, SECRETS_KEY: NEW_KEY, ...(keepPrevious ? { SECRETS_KEY_PREVIOUS: DEV_SECRETS_KEY } : {}) };
    const ctx = createExecutionContext();
    const response = await worker.fetch(new Request(`https://reva.test${path}`, init), vars as Env, ctx);
    await waitOnExecutionContext(ctx);
    return response;
  }

  it("keeps links already sent and stored webhook secrets working through SECRETS_KEY_PREVIOUS", async () => {
    clock = useFakeClock();
    const { store, unsubscribe, links } = await storeWithSentEmail(clock);
    const unsubscribePath = new URL(unsubscribe).pathname + new URL(unsubscribe).search;
    const clickPath = new URL(links[0]!).pathname;
    // Every sealed value names its key.
    expect(new URL(unsubscribe).searchParams.get("token")).toMatch(/^[A-Za-z0-9_-]{8}\./);
    const sealed = await env.DB.prepare("SELECT webhook_secret_encrypted AS s FROM stores WHERE id = ?").bind(store.id).first<{ s: string }>();
    expect(sealed!.s).toMatch(/^[A-Za-z0-9_-]{8}\./);

    const body = JSON.stringify(shopifyCheckout({ updated_at: new Date().toISOString() }));
    const webhook = async () => ({
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": "checkouts/create",
        "x-shopify-webhook-id": crypto.randomUUID(),
        "x-shopify-hmac-sha256": await shopifySignature(store.webhook_secret, body),
      },
    });

    // Without the old key, what it sealed no longer opens.
    expect((await rotatedWorker(unsubscribePath, {}, false)).status).toBe(400);
    expect((await rotatedWorker(clickPath, { redirect: "manual" }, false)).status).toBe(404);
    expect((await rotatedWorker(`/webhooks/shopify/${store.id}`, await webhook(), false)).status).toBe(503);

    // With it, links in emails already sent and the stored webhook secret keep working.
    const page = await rotatedWorker(unsubscribePath, {}, true);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`<form method="post"`);
    expect((await rotatedWorker(clickPath, { redirect: "manual" }, true)).status).toBe(302);
    expect((await rotatedWorker(`/webhooks/shopify/${store.id}`, await webhook(), true)).status).toBe(200);
  });
});

import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { createStore as createStoreService } from "../worker/services/stores";
import { workerContext } from "../worker/services/context";
import { ADMIN_TOKEN, FAST_STEPS, createStore, json, patchSettings, request, type StoreKeys } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { cartsWithDueEmail, storeWithSentEmail } from "./helpers/email-flow";
import { deliver } from "./helpers/queue";
import { sentTo, svixHeaders } from "./helpers/resend";
import { eventually, getSequence } from "./helpers/sequences";
import { sendShopifyWebhook, shopifyCheckout } from "./helpers/shopify";

/**
 * Sharding by store (docs/scale.md): the tests run with two shards, DB (also the directory) and
 * DB_SHARD_2 (wrangler.toml D1_SHARDS). vitest.config.ts opens only DB to new stores, so the other
 * test files find their rows there; here stores are put on DB_SHARD_2 through the same
 * configuration (D1_SHARDS_FOR_NEW_STORES), and every path is checked to reach them there.
 */

let clock: ReturnType<typeof useFakeClock> | undefined;
afterEach(() => {
  clock?.restore();
  clock = undefined;
});

const shards = { DB: env.DB, DB_SHARD_2: env.DB_SHARD_2 };
type Shard = keyof typeof shards;

/** The Worker's own env with another D1_SHARDS_FOR_NEW_STORES: a changed configuration, as an operator would set it. */
const configured = (openShards: string) => workerContext({ ...env, D1_SHARDS_FOR_NEW_STORES: openShards } as Env);

let counter = 0;
async function createStoreOn(openShards: string, overrides: Record<string, string> = {}): Promise<StoreKeys> {
  counter += 1;
  return createStoreService(configured(openShards), { name: `Sharded ${counter}`, domain: `sharded-${counter}-${crypto.randomUUID().slice(0, 6)}.example.com`, from_email: "hello@example.com", ...overrides });
}

async function createFastStoreOn(shard: Shard) {
  const store = await createStoreOn(shard);
  await patchSettings(store.secret_key, { steps: FAST_STEPS, frequency_cap: { max_emails: 100, per_hours: 1 } });
  return store;
}

const pathOf = (url: string) => `${new URL(url).pathname}${new URL(url).search}`;

const count = async (shard: Shard, sql: string, ...params: unknown[]) =>
  (await shards[shard].prepare(`SELECT count(*) AS n FROM ${sql}`).bind(...params).first<{ n: number }>())!.n;

const shardOf = async (storeId: string) =>
  (await env.DB.prepare("SELECT shard FROM store_shards WHERE store_id = ?").bind(storeId).first<{ shard: string }>())?.shard;

/** Every table that holds a store's rows, by its store column. */
const STORE_TABLES = [
  "stores WHERE id = ?",
  "store_domains WHERE store_id = ?",
  "carts WHERE store_id = ?",
  "sequences WHERE store_id = ?",
  "timeline_events WHERE store_id = ?",
  "emails WHERE store_id = ?",
  "suppressions WHERE store_id = ?",
  "orders WHERE store_id = ?",
  "daily_metrics WHERE store_id = ?",
  "webhook_receipts WHERE store_id = ?",
];

/** A store on DB_SHARD_2 whose first email went out through the send queue and the fake Resend. */
const secondShardStoreWithSentEmail = (c: ReturnType<typeof useFakeClock>) => storeWithSentEmail(c, { visitor_id: "v-sharded" }, {}, () => createFastStoreOn("DB_SHARD_2"));

describe("assignment", () => {
  it("gives a new store the open shard holding fewest stores, and it keeps it", async () => {
    const landed: string[] = [];
    for (let i = 0; i < 4; i++) {
      const before = { DB: await count("DB", "store_shards WHERE shard = 'DB'"), DB_SHARD_2: await count("DB", "store_shards WHERE shard = 'DB_SHARD_2'") };
      const store = await createStoreOn("DB,DB_SHARD_2");
      const shard = (await shardOf(store.id))!;
      expect(shard).toBe(before.DB_SHARD_2 < before.DB ? "DB_SHARD_2" : "DB");
      expect(await count(shard as Shard, "stores WHERE id = ?", store.id)).toBe(1);
      expect(await count(shard === "DB" ? "DB_SHARD_2" : "DB", "stores WHERE id = ?", store.id)).toBe(0);
      landed.push(shard);
    }
    // Four stores between two shards: the lighter one catches up, so both get some.
    expect(new Set(landed)).toEqual(new Set(["DB", "DB_SHARD_2"]));
  });

  it("opens only the shards D1_SHARDS_FOR_NEW_STORES names; the directory lives on the first shard only", async () => {
    const store = await createStoreOn("DB_SHARD_2");
    expect(await shardOf(store.id)).toBe("DB_SHARD_2");
    expect(await count("DB_SHARD_2", "store_shards WHERE store_id = ?", store.id)).toBe(0);
    expect(await count("DB", "key_routes WHERE store_id = ?", store.id)).toBe(2);
    expect(await count("DB_SHARD_2", "key_routes WHERE store_id = ?", store.id)).toBe(0);
    // A shard named in the configuration but not bound to the Worker is an operator's mistake: 503, naming it.
    const unbound = workerContext({ ...env, D1_SHARDS: "DB,DB_SHARD_9", D1_SHARDS_FOR_NEW_STORES: "DB_SHARD_9" } as Env);
    await expect(createStoreService(unbound, { name: "x", domain: "unbound.example.com", from_email: "a@example.com" })).rejects.toMatchObject({ code: "not_configured", message: expect.stringContaining("DB_SHARD_9") });
    expect(await count("DB", "domain_claims WHERE domain = 'unbound.example.com'")).toBe(0);
    // Through the API (the test configuration opens DB only), a store lands on DB.
    const viaApi = await createStore();
    expect(await shardOf(viaApi.id)).toBe("DB");
  });
});

describe("a store on the second shard", () => {
  it("keeps every row of its cart, sequence, emails, suppressions, orders and analytics in its shard's D1 only", async () => {
    clock = useFakeClock();
    const { store, payload, sequence } = await secondShardStoreWithSentEmail(clock);
    expect((await request("/api/v1/suppressions", { method: "POST", key: store.secret_key, json: { email: "gone@example.com" } })).status).toBe(201);
    const order = await request("/api/v1/orders", { method: "POST", key: store.secret_key, json: { order_id: "o-1", cart_token: payload.cart_token, total_price: "59.90", currency: "USD" } });
    expect(order.status).toBe(200);
    const webhook = await sendShopifyWebhook(store.id, store.webhook_secret, "checkouts/create", shopifyCheckout({ token: `shop-${crypto.randomUUID()}`, email: "hook@example.com" }));
    expect(webhook.status).toBe(200);
    await eventually(async () => expect((await getSequence(store.secret_key, sequence.id)).status).toBe("recovered"));

    for (const table of STORE_TABLES) {
      expect({ table, n: await count("DB_SHARD_2", table, store.id) }).not.toEqual({ table, n: 0 });
      expect({ table, n: await count("DB", table, store.id) }).toEqual({ table, n: 0 });
    }
  });

  it("answers every operation of the served OpenAPI document", async () => {
    clock = useFakeClock();
    const { store, sequence, email, payload, links, unsubscribe } = await secondShardStoreWithSentEmail(clock);
    const outboxId = (await json(request("/api/v1/outbox", { key: store.secret_key }))).data[0].id;
    const visitor = await json(request(`/api/v1/widget/session?key=${store.publishable_key}`, { method: "POST", json: { visitor_id: "v-sharded", cart_token: payload.cart_token } }));
    const draft = { subject: "Hi", body: "There" };
    await patchSettings(store.secret_key, { from_email: `hello@brand-${crypto.randomUUID().slice(0, 8)}.test` });
    const sk = store.secret_key;
    const calls: Record<string, () => Promise<Response>> = {
      getHealth: () => request("/healthz"),
      createStore: () => request("/api/v1/stores", { method: "POST", key: ADMIN_TOKEN, json: { name: "x", domain: `x-${crypto.randomUUID().slice(0, 6)}.example.com`, from_email: "a@example.com" } }),
      listStores: () => request("/api/v1/stores", { key: ADMIN_TOKEN }),
      signIn: () => request("/api/v1/session", { method: "POST", json: { secret_key: sk } }),
      signOut: () => request("/api/v1/session", { method: "DELETE" }),
      getSettings: () => request("/api/v1/store/settings", { key: sk }),
      updateSettings: () => request("/api/v1/store/settings", { method: "PATCH", key: sk, json: { from_name: "Sharded" } }),
      getSendingDomain: () => request("/api/v1/store/sending-domain", { key: sk }),
      verifySendingDomain: () => request("/api/v1/store/sending-domain", { method: "POST", key: sk }),
      getDeliverability: () => request("/api/v1/store/deliverability", { key: sk }),
      resumeSending: () => request("/api/v1/store/deliverability/resume", { method: "POST", key: sk }),
      rotateKey: () => request("/api/v1/store/keys/rotate", { method: "POST", key: sk, json: { kind: "webhook" } }),
      upsertCart: () => request("/api/v1/carts", { method: "POST", key: sk, json: { cart_token: `c-${crypto.randomUUID()}`, email: "x@example.com", currency: "USD", total_price: "1.00", checkout_url: "https://shop.example.com/c", items: [] } }),
      recordOrder: () => request("/api/v1/orders", { method: "POST", key: sk, json: { order_id: "o-any", cart_token: "nope", total_price: "1.00", currency: "USD" } }),
      recordRefund: () => request("/api/v1/refunds", { method: "POST", key: sk, json: { order_id: "o-any", refund_id: "r-1", amount: "1.00", currency: "USD" } }),
      listSequences: () => request("/api/v1/recovery/sequences", { key: sk }),
      getSequence: () => request(`/api/v1/recovery/sequences/${sequence.id}`, { key: sk }),
      pauseSequence: () => request(`/api/v1/recovery/sequences/${sequence.id}/pause`, { method: "POST", key: sk }),
      resumeSequence: () => request(`/api/v1/recovery/sequences/${sequence.id}/resume`, { method: "POST", key: sk }),
      stopSequence: () => request(`/api/v1/recovery/sequences/${sequence.id}/stop`, { method: "POST", key: sk, json: { reason: "test" } }),
      // The live channel stays open: its opening answer is what counts here.
      openLiveChannel: async () => {
        const response = await request("/api/v1/live", { key: sk });
        await response.body?.cancel();
        return response;
      },
      getAnalytics: () => request("/api/v1/recovery/analytics", { key: sk }),
      listOutbox: () => request("/api/v1/outbox", { key: sk }),
      listDeadLetters: () => request("/api/v1/dead-letters", { key: sk }),
      receiveShopifyWebhook: () => sendShopifyWebhook(store.id, store.webhook_secret, "checkouts/update", shopifyCheckout({ token: `shop-${crypto.randomUUID()}` })),
      openWidgetSession: () => request(`/api/v1/widget/session?key=${store.publishable_key}`, { method: "POST", json: { visitor_id: visitor.visitor_id, visitor_token: visitor.visitor_token } }),
      recordWidgetEvent: () =>
        request(`/api/v1/widget/events?key=${store.publishable_key}`, { method: "POST", json: { visitor_id: visitor.visitor_id, visitor_token: visitor.visitor_token, sequence_id: sequence.id, event: "shown" } }),
      listSuppressions: () => request("/api/v1/suppressions", { key: sk }),
      addSuppression: () => request("/api/v1/suppressions", { method: "POST", key: sk, json: { email: "manual@example.com" } }),
      showUnsubscribePage: () => request(pathOf(unsubscribe)),
      unsubscribe: () => request(pathOf(unsubscribe), { method: "POST" }),
      followEmailLink: () => request(pathOf(links.find((link) => link.includes("/r/"))!), { redirect: "manual" }),
      receiveResendWebhook: async () => {
        const body = JSON.stringify({ type: "email.delivered", created_at: new Date().toISOString(), data: { email_id: email.id, created_at: new Date().toISOString(), tags: { store_id: store.id, sequence_id: sequence.id, step: "email_2h" } } });
        return request("/webhooks/resend", { method: "POST", body, headers: await svixHeaders(body) });
      },
      previewStepEmail: () => request("/api/v1/store/steps/email_2h/preview", { key: sk }),
      previewStepEmailDraft: () => request("/api/v1/store/steps/email_2h/preview", { method: "POST", key: sk, json: draft }),
      previewStepEmailPage: () => request("/api/v1/store/steps/email_2h/preview.html", { key: sk }),
      previewStepEmailDraftPage: () =>
        request("/api/v1/store/steps/email_2h/preview.html", { method: "POST", key: sk, body: new URLSearchParams(draft).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } }),
      showOutboxEmailPage: () => request(`/api/v1/outbox/${outboxId}/html`, { key: sk }),
      sendTestEmail: () => request("/api/v1/store/steps/email_2h/test", { method: "POST", key: sk, json: { to: "owner@example.com" } }),
      listKlaviyoFlows: () => request("/api/v1/integrations/klaviyo/flows", { key: sk }),
      listIntegrations: () => request("/api/v1/integrations", { key: sk }),
      testIntegration: () => request("/api/v1/integrations/ga4/test", { method: "POST", key: sk }),
    };
    const document = await json(request("/api/v1/openapi.json"));
    const operationIds = Object.values(document.paths as Record<string, Record<string, { operationId: string }>>).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(Object.keys(calls).sort()).toEqual([...operationIds].sort());

    const answers: Record<string, number> = {};
    for (const id of operationIds) answers[id] = (await calls[id]!()).status;
    const created = { createStore: 201, addSuppression: 201, followEmailLink: 302, recordWidgetEvent: 202, signIn: 204, signOut: 204 };
    // Klaviyo's flows need a connected Klaviyo: the 409 says so from the store's own settings, read on its shard.
    expect(answers).toEqual(Object.fromEntries(operationIds.map((id) => [id, { ...created, listKlaviyoFlows: 409 }[id] ?? 200])));
  });
});

describe("paths that arrive without a store's shard", () => {
  const resendEvent = (emailId: string, tags?: Record<string, string>) =>
    JSON.stringify({ type: "email.delivered", created_at: new Date().toISOString(), data: { email_id: emailId, created_at: new Date().toISOString(), ...(tags ? { tags } : {}) } });
  const resendWebhook = async (body: string) => request("/webhooks/resend", { method: "POST", body, headers: await svixHeaders(body) });
  const emailStatus = async (storeId: string) => (await env.DB_SHARD_2.prepare("SELECT status FROM emails WHERE store_id = ?").bind(storeId).first<{ status: string }>())?.status;

  it("Resend webhooks reach the store's shard by its store_id tag, or by Resend's email id on every shard; replay receipts stay in the directory", async () => {
    clock = useFakeClock();
    const tagged = await secondShardStoreWithSentEmail(clock);
    const body = resendEvent(tagged.email.id, { store_id: tagged.store.id, sequence_id: tagged.sequence.id, step: "email_2h" });
    const headers = await svixHeaders(body);
    expect(await json(request("/webhooks/resend", { method: "POST", body, headers }))).toEqual({ status: "recorded" });
    expect(await emailStatus(tagged.store.id)).toBe("delivered");
    expect(await count("DB", "webhook_receipts WHERE store_id = 'resend' AND webhook_id = ?", headers["svix-id"])).toBe(1);
    expect(await json(request("/webhooks/resend", { method: "POST", body, headers }))).toEqual({ status: "duplicate" });

    const untagged = await secondShardStoreWithSentEmail(clock);
    expect(await json(resendWebhook(resendEvent(untagged.email.id)))).toEqual({ status: "recorded" });
    expect(await emailStatus(untagged.store.id)).toBe("delivered");
  });

  it("Shopify webhooks by store id, sessions, rotated keys and links find the store on its shard", async () => {
    clock = useFakeClock();
    const { store, links, unsubscribe } = await secondShardStoreWithSentEmail(clock);
    const token = `shop-${crypto.randomUUID()}`;
    expect((await sendShopifyWebhook(store.id, store.webhook_secret, "checkouts/create", shopifyCheckout({ token, email: "hook@example.com" }))).status).toBe(200);
    expect(await count("DB_SHARD_2", "carts WHERE store_id = ? AND cart_token = ?", store.id, token)).toBe(1);

    const signIn = await request("/api/v1/session", { method: "POST", json: { secret_key: store.secret_key } });
    const cookie = `reva_session=${signIn.headers.get("set-cookie")!.match(/reva_session=([^;]+)/)![1]}`;
    expect((await request("/api/v1/store/settings", { headers: { cookie } })).status).toBe(200);
    expect((await request("/api/v1/session", { method: "DELETE", headers: { cookie } })).status).toBe(204);
    expect((await request("/api/v1/store/settings", { headers: { cookie } })).status).toBe(401);
    expect(await count("DB_SHARD_2", "revoked_sessions")).toBe(1);
    expect(await count("DB", "revoked_sessions")).toBe(0);

    const rotated = await json(request("/api/v1/store/keys/rotate", { method: "POST", key: store.secret_key, json: { kind: "publishable" } }));
    expect((await request(`/api/v1/widget/session?key=${rotated.key}`, { method: "POST", json: { visitor_id: "fresh" } })).status).toBe(200);

    expect((await request(pathOf(links.find((link) => link.includes("/r/"))!), { redirect: "manual" })).status).toBe(302);
    expect((await request(pathOf(unsubscribe), { method: "POST" })).status).toBe(200);
    expect(await count("DB_SHARD_2", "suppressions WHERE store_id = ? AND reason = 'unsubscribed'", store.id)).toBe(1);
  });

  it("queue consumers and dead letters work on each message's shard", async () => {
    clock = useFakeClock();
    const { store, sequence } = await secondShardStoreWithSentEmail(clock);
    const onFirst = await createStore();
    const analytics = (storeId: string, sequenceId: string) => ({
      event_id: `${sequenceId}:999`, type: "email_sent", at: new Date().toISOString(), store_id: storeId, sequence_id: sequenceId, step: "email_2h",
      amount_cents: null, currency: "USD", email: null, ga_client_id: null, order_id: null,
    });
    // One delivery with messages of both shards: each shard's D1 gets its own store's dead letter.
    const result = await deliver([analytics(store.id, sequence.id), analytics(onFirst.id, "seq_first"), { not: "a message" }], { queue: "reva-analytics-dlq" });
    expect(result.retryMessages).toEqual([]);
    expect(await count("DB_SHARD_2", "dead_letters WHERE json_extract(body, '$.store_id') = ?", store.id)).toBe(1);
    expect(await count("DB", "dead_letters WHERE json_extract(body, '$.store_id') = ?", store.id)).toBe(0);
    expect(await count("DB", "dead_letters WHERE json_extract(body, '$.store_id') = ?", onFirst.id)).toBe(1);
    expect(await count("DB", "dead_letters WHERE json_extract(body, '$.not') = 'a message'")).toBe(1);
    const listed = await json(request("/api/v1/dead-letters", { key: store.secret_key }));
    expect(listed.data.map((row: any) => row.body.store_id)).toEqual([store.id]);
  });

  it("a shard that fails leaves the other shard's messages of the same delivery done; only its own are retried", async () => {
    const healthy = await createStoreOn("DB");
    const failing = await createStoreOn("DB_SHARD_2");
    const down = { prepare: () => { throw new Error("D1 shard unavailable"); }, batch: () => Promise.reject(new Error("D1 shard unavailable")) };
    const message = (storeId: string) => ({
      event_id: `seq_${storeId}:1`, type: "email_sent", at: new Date().toISOString(), store_id: storeId, sequence_id: `seq_${storeId}`, step: "email_2h",
      amount_cents: null, currency: "USD", email: null, ga_client_id: null, order_id: null,
    });
    const result = await deliver([message(healthy.id), message(failing.id)], { queue: "reva-analytics", envOverrides: { DB_SHARD_2: down } });
    // deliver() names the messages m-0-…, m-1-… in order: the healthy store's first.
    expect(result.explicitAcks).toEqual([expect.stringMatching(/^m-0-/)]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual([expect.stringMatching(/^m-1-/)]);
  });

  it("one send-queue delivery with jobs of both shards sends each store's email and settles it on its own shard", async () => {
    clock = useFakeClock();
    const stores = { DB: await createStore(), DB_SHARD_2: await createStoreOn("DB_SHARD_2") };
    const jobs = [];
    for (const store of Object.values(stores)) {
      await patchSettings(store.secret_key, { steps: FAST_STEPS, frequency_cap: { max_emails: 100, per_hours: 1 } });
      jobs.push((await cartsWithDueEmail(clock, store, [{}])).jobs[0]!);
    }
    const result = await deliver(jobs);
    expect(result.retryMessages).toEqual([]);
    for (const [shard, store] of Object.entries(stores) as [Shard, StoreKeys][]) {
      expect((await sentTo(store.id)).emails).toHaveLength(1);
      expect(await count(shard, "emails WHERE store_id = ? AND status = 'sent'", store.id)).toBe(1);
      expect(await count(shard === "DB" ? "DB_SHARD_2" : "DB", "emails WHERE store_id = ?", store.id)).toBe(0);
    }
  });
});

describe("what spans every shard", () => {
  it("the admin listing pages through the stores of both shards, naming each one's shard", async () => {
    const second = await createStoreOn("DB_SHARD_2");
    const first = await createStore();
    const seen = new Map<string, string>();
    let after: string | null = "";
    while (after !== null) {
      const page: any = await json(request(`/api/v1/stores?limit=3${after ? `&after=${after}` : ""}`, { key: ADMIN_TOKEN }));
      expect(page.stores.length).toBeLessThanOrEqual(3);
      for (const row of page.stores) seen.set(row.id, row.shard);
      after = page.next_after;
    }
    expect(seen.get(second.id)).toBe("DB_SHARD_2");
    expect(seen.get(first.id)).toBe("DB");
    expect(seen.size).toBe((await count("DB", "stores")) + (await count("DB_SHARD_2", "stores")));
    expect((await request("/api/v1/stores", { key: first.secret_key })).status).toBe(401);
  });

  it("a storefront domain belongs to one store across shards: creation and settings on another shard are refused, and a freed domain can be taken", async () => {
    const domain = `one-${crypto.randomUUID().slice(0, 8)}.example.com`;
    const owner = await createStore({ domain });
    await expect(createStoreOn("DB_SHARD_2", { domain })).rejects.toMatchObject({ code: "conflict" });
    expect(await count("DB_SHARD_2", "stores WHERE json_extract(settings, '$.domains[0]') = ?", domain)).toBe(0);

    const other = await createStoreOn("DB_SHARD_2");
    const before = await json(request("/api/v1/store/settings", { key: other.secret_key }));
    const refused = await request("/api/v1/store/settings", { method: "PATCH", key: other.secret_key, json: { domains: [...before.domains, domain] } });
    expect(refused.status).toBe(409);
    expect((await refused.json<any>()).errors).toEqual([{ field: "domains", message: `${domain} belongs to another store` }]);
    expect((await json(request("/api/v1/store/settings", { key: other.secret_key }))).domains).toEqual(before.domains);
    expect(await count("DB", "domain_claims WHERE store_id = ?", other.id)).toBe(before.domains.length);

    await patchSettings(owner.secret_key, { domains: [`moved-${crypto.randomUUID().slice(0, 8)}.example.com`] });
    expect((await patchSettings(other.secret_key, { domains: [domain] })).domains).toEqual([domain]);
    expect(await count("DB", "domain_claims WHERE kind = 'storefront' AND domain = ? AND store_id = ?", domain, other.id)).toBe(1);
  });

  it("a sending domain belongs to one store across shards", async () => {
    const domain = `brand-${crypto.randomUUID().slice(0, 8)}.test`;
    const owner = await createStore({ from_email: `hello@${domain}` });
    const other = await createStoreOn("DB_SHARD_2", { from_email: `sales@${domain}` });
    expect((await request("/api/v1/store/sending-domain", { method: "POST", key: owner.secret_key })).status).toBe(200);
    const claim = await request("/api/v1/store/sending-domain", { method: "POST", key: other.secret_key });
    expect(claim.status).toBe(409);
    expect((await claim.json<any>()).errors).toEqual([{ field: "from_email", message: `the domain ${domain} belongs to another store` }]);
    expect(await count("DB_SHARD_2", "stores WHERE sending_domain = ?", domain)).toBe(0);
    expect(await count("DB", "domain_claims WHERE kind = 'sending' AND domain = ?", domain)).toBe(1);
  });
});

describe("tenancy across shards", () => {
  it("a store on one shard reaches nothing of a store on the other, by id, key or webhook", async () => {
    clock = useFakeClock();
    const a = await secondShardStoreWithSentEmail(clock);
    const b = await createStore();
    expect(await shardOf(b.id)).toBe("DB");
    expect((await request(`/api/v1/recovery/sequences/${a.sequence.id}`, { key: b.secret_key })).status).toBe(404);
    expect((await request(`/api/v1/recovery/sequences/${a.sequence.id}/stop`, { method: "POST", key: b.secret_key, json: { reason: "hostile" } })).status).toBe(404);
    const beacon = await request(`/api/v1/widget/events?key=${b.publishable_key}`, { method: "POST", json: { visitor_id: "v-sharded", sequence_id: a.sequence.id, event: "shown" } });
    expect([401, 404]).toContain(beacon.status);
    const forged = await sendShopifyWebhook(a.store.id, b.webhook_secret, "checkouts/create", shopifyCheckout({ token: `shop-${crypto.randomUUID()}` }));
    expect(forged.status).toBe(401);
    expect((await getSequence(a.store.secret_key, a.sequence.id)).status).toBe("active");
  });
});

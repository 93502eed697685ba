import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { createFastStore, createStore, json, patchSettings, postCart, request, type StoreKeys } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { runAlarm } from "./helpers/sequences";
import { shopifyCheckout, shopifySignature } from "./helpers/shopify";
import { storeState } from "./helpers/store-state";

/**
 * Every operation of the OpenAPI document, called by store B with store A's ids, keys and
 * resources: the answer is 401 or 404 where it names A's resource, never carries A's data, and
 * A's rows are exactly as before. The operations come from the document the Worker serves, so a
 * new endpoint is in this matrix the day it is added; `scenarios` only says how to aim it at A.
 */

type Operation = { method: string; path: string; operationId: string; security: Record<string, unknown>[]; parameters: { in: string; name: string }[]; hasBody: boolean };

type Tenant = StoreKeys & { sequenceId: string; cartToken: string; visitorId: string; email: string; suppressed: string; orderId: string; checkoutUrl: string; name: string; domain: string };

type Call = { params?: Record<string, string>; query?: Record<string, string>; body?: unknown; rawBody?: string; headers?: Record<string, string>; auth?: "b-secret" | "b-publishable" | "none"; expect?: number[] };

let clock: ReturnType<typeof useFakeClock> | undefined;
afterEach(() => {
  clock?.restore();
  clock = undefined;
});

async function operations(): Promise<Operation[]> {
  const document = await json(request("/api/v1/openapi.json"));
  return Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      operationId: op.operationId,
      security: op.security ?? [],
      parameters: op.parameters ?? [],
      hasBody: Boolean(op.requestBody),
    })),
  );
}

/** How to aim each operation at store A while authenticated as B (anything absent gets the defaults in `callFor`). */
function scenarios(a: Tenant, b: StoreKeys): Record<string, Call | ((op: Operation) => Promise<Call>)> {
  const checkout = JSON.stringify(shopifyCheckout({ token: a.cartToken, email: a.email, updated_at: new Date().toISOString() }));
  return {
    createStore: { body: { name: "x", domain: a.domain, from_email: "a@x.test" }, expect: [401] },
    signIn: { body: { secret_key: `sk_${a.publishable_key.slice(3)}` }, auth: "none", expect: [401] },
    updateSettings: { body: { domains: [a.domain] }, expect: [409] },
    verifySendingDomain: { expect: [409] },
    rotateKey: { body: { kind: "publishable" } },
    upsertCart: { body: { cart_token: a.cartToken, email: a.email, currency: "USD", total_price: "1.00", checkout_url: "https://b.example.org/c", items: [], visitor_id: a.visitorId } },
    recordOrder: { body: { order_id: a.orderId, cart_token: a.cartToken, email: a.email, total_price: "1.00", currency: "USD" } },
    recordRefund: { body: { order_id: a.orderId, refund_id: "r-1", amount: "1.00", currency: "USD" } },
    stopSequence: { body: { reason: "hostile" } },
    receiveShopifyWebhook: async () => ({
      params: { store_id: a.id },
      rawBody: checkout,
      headers: { "content-type": "application/json", "x-shopify-topic": "checkouts/create", "x-shopify-webhook-id": crypto.randomUUID(), "x-shopify-hmac-sha256": await shopifySignature(b.webhook_secret, checkout) },
      auth: "none",
      expect: [401],
    }),
    openWidgetSession: { body: { visitor_id: a.visitorId, cart_token: a.cartToken } },
    recordWidgetEvent: { body: { visitor_id: a.visitorId, sequence_id: a.sequenceId, event: "clicked" } },
    listSuppressions: { query: { format: "csv" } },
    // B suppressing A's shopper suppresses them in B only: A's list and live sequence stay as they were.
    addSuppression: { body: { email: a.email }, expect: [201] },
    showUnsubscribePage: { query: { token: "forged" } },
    unsubscribe: { query: { token: "forged" } },
    previewStepEmail: { params: { step_id: "email_2h" }, query: { sequence_id: a.sequenceId }, expect: [404] },
    previewStepEmailDraft: { params: { step_id: "email_2h" }, body: { body: "draft", sequence_id: a.sequenceId }, expect: [404] },
    previewStepEmailPage: { params: { step_id: "email_2h" }, query: { sequence_id: a.sequenceId }, expect: [404] },
    previewStepEmailDraftPage: {
      params: { step_id: "email_2h" },
      rawBody: new URLSearchParams({ body: "draft", sequence_id: a.sequenceId }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
      expect: [404],
    },
    sendTestEmail: { params: { step_id: "email_2h" }, body: { to: "owner-b@example.com" } },
    testIntegration: { params: { name: "klaviyo" } },
  };
}

/** A path parameter named like an id of A's: its sequence, its store, anything else A owns. */
const defaultParam = (a: Tenant, name: string) => (name === "store_id" ? a.id : name === "token" ? "forged-token" : a.sequenceId);

async function callFor(op: Operation, a: Tenant, b: StoreKeys): Promise<{ response: Response; sent: string; expected: number[] | undefined }> {
  const scenario = scenarios(a, b)[op.operationId];
  const call: Call = typeof scenario === "function" ? await scenario(op) : (scenario ?? {});
  const params = Object.fromEntries(op.parameters.filter((p) => p.in === "path").map((p) => [p.name, call.params?.[p.name] ?? defaultParam(a, p.name)]));
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]!));
  const merchant = op.security.some((s) => "secretKey" in s);
  const widget = op.security.some((s) => "publishableKey" in s);
  const auth = call.auth ?? (merchant ? "b-secret" : widget ? "b-publishable" : "none");
  const query = new URLSearchParams(call.query);
  if (auth === "b-publishable") query.set("key", b.publishable_key);
  const body = call.rawBody ?? (call.body !== undefined ? JSON.stringify(call.body) : op.hasBody ? "{}" : undefined);
  const url = `${path}${query.size > 0 ? `?${query}` : ""}`;
  const response = await request(url, {
    method: op.method,
    key: auth === "b-secret" ? b.secret_key : undefined,
    body,
    headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...call.headers },
    redirect: "manual",
  });
  // Whether A's resource is named in the request: then only 401/404 (or the scenario's own refusal) may answer.
  const namesA = Object.values(params).some((v) => v === a.id || v === a.sequenceId) || [...query.values()].includes(a.sequenceId);
  return { response, sent: `${url} ${body ?? ""} ${JSON.stringify(call.headers ?? {})}`, expected: call.expect ?? (namesA ? [401, 404] : undefined) };
}

/** Everything of A's that B must never read, unless B itself sent it in the request. */
const secretsOf = (a: Tenant) => [a.sequenceId, a.cartToken, a.email, a.suppressed, a.checkoutUrl, a.name, a.secret_key, a.publishable_key, a.webhook_secret, a.id];

/** Store A with something behind every endpoint: a cart whose popup is due, an order, a suppression, a dead letter, a verified-to-be sending domain. */
async function tenantA(fake: ReturnType<typeof useFakeClock>): Promise<Tenant> {
  const tag = crypto.randomUUID().slice(0, 8);
  const keys = await createFastStore();
  const name = `Tenant A ${tag}`;
  const domain = `a-${tag}.example.org`;
  await patchSettings(keys.secret_key, { name, domains: [domain], from_email: `hello@a-${tag}.test` });
  expect((await request("/api/v1/store/sending-domain", { method: "POST", key: keys.secret_key })).status).toBe(200);
  const visitorId = `visitor-a-${tag}`;
  const email = `victim-${tag}@example.com`;
  const checkoutUrl = `https://${domain}/checkouts/${tag}`;
  const { payload, sequence } = await postCart(keys.secret_key, { email, visitor_id: visitorId, checkout_url: checkoutUrl, updated_at: new Date(fake.start).toISOString() });
  fake.at(1000);
  await runAlarm(keys.id, payload.cart_token);
  const orderId = `order-a-${tag}`;
  const order = await request("/api/v1/orders", { method: "POST", key: keys.secret_key, json: { order_id: orderId, email: `other-${tag}@example.com`, total_price: "5.00", currency: "USD" } });
  expect(order.status).toBeLessThan(300);
  const suppressed = `suppressed-${tag}@example.com`;
  await env.DB.prepare("INSERT INTO suppressions (store_id, email, reason, created_at) VALUES (?, ?, 'bounced', ?)").bind(keys.id, suppressed, new Date().toISOString()).run();
  await env.DB.prepare("INSERT INTO dead_letters (id, queue, body, created_at) VALUES (?, 'reva-email-dlq', ?, ?)")
    .bind(`dl-${tag}`, JSON.stringify({ store_id: keys.id, sequence_id: sequence.id, to: email }), new Date().toISOString())
    .run();
  return { ...keys, sequenceId: sequence.id, cartToken: payload.cart_token, visitorId, email, suppressed, orderId, checkoutUrl, name, domain };
}

/**
 * The body, or for an event stream (GET /api/v1/live, which never ends) what it sends first:
 * B's own channel opening is all B may see, and a notice of A's arriving there is tested in
 * ./live-channel.test.ts.
 */
async function bodyText(response: Response): Promise<string> {
  if (!response.headers.get("content-type")?.startsWith("text/event-stream")) return response.text();
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const first = await reader.read();
  await reader.cancel();
  return first.value ?? "";
}

describe("tenancy matrix", () => {
  it("store B gets 401 or 404 for A's resources from every endpoint, never A's data, and changes nothing of A's", async () => {
    clock = useFakeClock();
    const a = await tenantA(clock);
    const b = await createStore();
    // B claims A's sending domain in its settings (allowed) so that verifying it is a real attempt.
    await patchSettings(b.secret_key, { from_email: `sales@${a.email.split("@")[0]!.replace("victim-", "a-")}.test` });
    const before = await storeState(a.id);
    const ops = await operations();
    expect(ops.length).toBeGreaterThan(25);

    const failures: string[] = [];
    for (const op of ops) {
      const { response, sent, expected } = await callFor(op, a, b);
      const text = await bodyText(response);
      const leaked = secretsOf(a).filter((secret) => text.includes(secret) && !sent.includes(secret));
      const label = `${op.method} ${op.path} (${op.operationId}) → ${response.status}`;
      if (response.status >= 500) failures.push(`${label}: server error ${text.slice(0, 200)}`);
      if (leaked.length > 0) failures.push(`${label}: leaked ${leaked.join(", ")}`);
      if (expected && !expected.includes(response.status)) failures.push(`${label}: expected ${expected.join(" or ")}`);
    }
    expect(failures).toEqual([]);
    expect(await storeState(a.id)).toEqual(before);
    // A's own keys still work and still see A's data.
    expect((await json(request(`/api/v1/recovery/sequences/${a.sequenceId}`, { key: a.secret_key }))).status).toBe("active");
  });

  it("refuses every merchant endpoint with A's publishable key, a forged secret key or none, and every widget endpoint with a secret key (401)", async () => {
    const a = await createStore();
    const ops = await operations();
    const failures: string[] = [];
    for (const op of ops) {
      const merchant = op.security.some((s) => "secretKey" in s);
      const widget = op.security.some((s) => "publishableKey" in s);
      if (!merchant && !widget) continue;
      const path = op.path.replace(/\{(\w+)\}/g, "x");
      const attempts = merchant
        ? [{ key: a.publishable_key }, { key: `sk_${"A".repeat(43)}` }, {}]
        : [{ query: `?key=${a.secret_key}` }, { key: a.secret_key }, {}];
      for (const attempt of attempts) {
        const response = await request(`${path}${"query" in attempt ? attempt.query : ""}`, {
          method: op.method,
          key: "key" in attempt ? attempt.key : undefined,
          ...(op.hasBody ? { json: {} } : {}),
        });
        if (response.status !== 401) failures.push(`${op.method} ${op.path} with ${JSON.stringify(attempt).slice(0, 30)} → ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

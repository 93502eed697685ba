import { env, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { analyticsMessages, type AnalyticsMessage } from "../worker/domain/analytics-message";
import { retryDelaySeconds } from "../worker/domain/retry";
import type { SequenceState, TimelineEvent } from "../worker/domain/sequence";
import type { SequenceEffects } from "../worker/durable/sequence-effects";
import { stableClientId } from "../worker/integrations/ga4";
import { fanOutAnalytics } from "../worker/services/analytics-fanout";
import { forStoreId, workerContext } from "../worker/services/context";
import { createStore, json, patchSettings, request, sequenceStub } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { storeWithSentEmail } from "./helpers/email-flow";
import { ga4FailFor, ga4Received, newGa4Property } from "./helpers/ga4";
import { configureKlaviyo, klaviyoAccount, klaviyoEvents, klaviyoRequests } from "./helpers/klaviyo";
import { deliver } from "./helpers/queue";
import { eventually, getSequence, runAlarm } from "./helpers/sequences";

let clock: ReturnType<typeof useFakeClock>;
afterEach(() => clock?.restore());

const second = 1000;
const hour = 3600 * second;
const postOrder = (key: string, order: Record<string, unknown>) => json(request("/api/v1/orders", { method: "POST", key, json: order }));
const postRefund = (key: string, refund: Record<string, unknown>) => json(request("/api/v1/refunds", { method: "POST", key, json: refund }));

/** A GA4 property and a Klaviyo account of the test's own, and the settings that connect a store to both. */
async function integrations(ga4Options: { send_purchase?: boolean } = {}) {
  const ga4 = await newGa4Property();
  const klaviyoKey = await klaviyoAccount();
  const settings = { ga4: { measurement_id: ga4.measurementId, api_secret: ga4.apiSecret, ...ga4Options }, klaviyo: { api_key: klaviyoKey } };
  return { measurementId: ga4.measurementId, klaviyoKey, settings };
}

/**
 * The messages the cart's Durable Object sent, rebuilt with its own function from its state and
 * the timeline D1 holds: what a redelivery from the queue would carry.
 */
async function messagesOf(storeId: string, cartToken: string): Promise<AnalyticsMessage[]> {
  const state = await runInDurableObject(sequenceStub(storeId, cartToken), (_object, ctx) => ctx.storage.get<SequenceState>("sequence"));
  if (!state) throw new Error("test setup: no sequence");
  const { results } = await env.DB.prepare("SELECT id, at, type, step, detail, amount_cents FROM timeline_events WHERE sequence_id = ? ORDER BY id")
    .bind(state.id)
    .all<TimelineEvent>();
  return analyticsMessages({ ...state, unprojected: results });
}

/**
 * Delivers what the cart's object sent, as the queue would. The runtime's own delivery of the
 * same messages may be under way (then they wait for it): delivered again until all are done.
 */
async function deliverSent(storeId: string, cartToken: string) {
  const messages = await messagesOf(storeId, cartToken);
  await eventually(async () => expect((await deliver(messages, { queue: "reva-analytics" })).explicitAcks).toHaveLength(messages.length));
  return messages;
}

let synthetic = 0;
/** A message as a Durable Object would send it, for a sequence that exists only here. */
function message(storeId: string, overrides: Partial<AnalyticsMessage> = {}): AnalyticsMessage {
  synthetic += 1;
  const sequenceId = `seq_test${synthetic}_${crypto.randomUUID().slice(0, 8)}`;
  return {
    event_id: `${sequenceId}:000003`,
    type: "email_sent",
    at: new Date().toISOString(),
    store_id: storeId,
    sequence_id: sequenceId,
    step: "email_2h",
    amount_cents: null,
    currency: "USD",
    email: `shopper${synthetic}@example.com`,
    ga_client_id: null,
    order_id: null,
    ...overrides,
  };
}

async function health(storeId: string, integration: string) {
  return env.DB.prepare("SELECT failures, open_until, dropped, last_success_at FROM integration_health WHERE store_id = ? AND integration = ?")
    .bind(storeId, integration)
    .first<{ failures: number; open_until: string | null; dropped: number; last_success_at: string | null }>();
}

async function backlog(storeId: string) {
  const { results } = await env.DB.prepare("SELECT body FROM dead_letters WHERE queue = 'reva-analytics-dlq' AND json_extract(body, '$.store_id') = ?").bind(storeId).all<{ body: string }>();
  return results.map((row) => (JSON.parse(row.body) as AnalyticsMessage).event_id);
}

const klaviyoPosts = async (key: string) => (await klaviyoRequests(key)).filter((r) => r.method === "POST" && r.path === "/api/events").length;
const names = (events: { name?: string; metric?: string }[]) => events.map((e) => e.name ?? e.metric).sort();

describe("touches reach the store's GA4 property and Klaviyo account", () => {
  it("an email sent is recovery_email_sent under the _ga cookie's client id, and Klaviyo's Email Sent with the event id as unique_id", async () => {
    clock = useFakeClock();
    const { measurementId, klaviyoKey, settings } = await integrations();
    const { sequence, payload } = await storeWithSentEmail(clock, { ga_client_id: "GA1.1.123456789.1700000000" }, settings);

    const [sent] = await eventually(async () => {
      const { events } = await ga4Received(measurementId);
      expect(events).toHaveLength(1);
      return events;
    });
    expect(sent).toMatchObject({
      name: "recovery_email_sent",
      client_id: "123456789.1700000000",
      params: { step: "email_2h", sequence_id: sequence.id },
      timestamp_micros: (clock.start + 2 * second) * 1000,
    });
    const [event] = await eventually(async () => {
      const events = await klaviyoEvents(klaviyoKey);
      expect(events).toHaveLength(1);
      return events;
    });
    expect(event).toMatchObject({
      metric: "Reva Cart Recovery Email Sent",
      email: payload.email,
      unique_id: expect.stringMatching(new RegExp(`^${sequence.id}:\\d{6}$`)),
      properties: { step: "email_2h", sequence_id: sequence.id },
      // Klaviyo keeps whole seconds.
      time: new Date(Math.floor((clock.start + 2 * second) / second) * second).toISOString(),
    });
  });

  it.each([
    ["the client id the widget took from the cookie", "987654321.1699999999", () => "987654321.1699999999"],
    ["a stable hash of store and address without one", undefined, (storeId: string, email: string) => stableClientId(`${storeId}:${email}`)],
    ["a stable hash of store and address for a malformed one", "not-a-client-id", (storeId: string, email: string) => stableClientId(`${storeId}:${email}`)],
  ])("GA4's client id is %s", async (_, gaClientId, expected) => {
    clock = useFakeClock();
    const { measurementId, settings } = await integrations();
    const { store, payload } = await storeWithSentEmail(clock, gaClientId ? { ga_client_id: gaClientId } : {}, settings);
    await deliverSent(store.id, payload.cart_token);
    expect((await ga4Received(measurementId)).events.map((e) => e.client_id)).toEqual([await expected(store.id, payload.email)]);
  });

  it("a click then an order is one recovery_conversion (and purchase, when asked) with the order, and one Klaviyo Conversion; a refund follows it", async () => {
    clock = useFakeClock();
    const { measurementId, klaviyoKey, settings } = await integrations({ send_purchase: true });
    const { store, payload, sequence, links } = await storeWithSentEmail(clock, {}, settings);
    clock.at(2500);
    await request(new URL(links.find((l) => l.includes("/r/"))!).pathname, { redirect: "manual" });
    await eventually(async () => expect((await getSequence(store.secret_key, sequence.id)).timeline.map((e: any) => e.type)).toContain("email_clicked"));
    clock.at(3 * second);
    const order = { order_id: "9001", cart_token: payload.cart_token, total_price: "59.90", currency: "USD" };
    expect(await postOrder(store.secret_key, order)).toMatchObject({ recovered: true });
    // The same order reported again (orders/paid after orders/create) counts once.
    await postOrder(store.secret_key, order);

    await deliverSent(store.id, payload.cart_token);
    const ga4 = (await ga4Received(measurementId)).events;
    expect(names(ga4)).toEqual(["purchase", "recovery_conversion", "recovery_email_clicked", "recovery_email_sent"]);
    const money = { transaction_id: "9001", value: 59.9, currency: "USD" };
    expect(ga4.find((e) => e.name === "recovery_conversion")!.params).toEqual({ ...money, step: "email_2h", sequence_id: sequence.id });
    expect(ga4.find((e) => e.name === "purchase")!.params).toEqual(money);
    const klaviyo = await klaviyoEvents(klaviyoKey);
    expect(names(klaviyo)).toEqual(["Reva Cart Recovery Conversion", "Reva Cart Recovery Email Clicked", "Reva Cart Recovery Email Sent"]);
    expect(klaviyo.find((e) => e.metric === "Reva Cart Recovery Conversion")).toMatchObject({ value: 59.9, value_currency: "USD", properties: { order_id: "9001", step: "email_2h" } });

    clock.at(4 * second);
    expect(await postRefund(store.secret_key, { order_id: "9001", refund_id: "r-1", amount: "20.00", currency: "USD" })).toMatchObject({ counted: true });
    await deliverSent(store.id, payload.cart_token);
    const refunds = (await ga4Received(measurementId)).events.filter((e) => e.name === "refund");
    expect(refunds.map((e) => e.params)).toEqual([{ transaction_id: "9001", value: 20, currency: "USD" }]);
    expect((await ga4Received(measurementId)).events).toHaveLength(5);
    expect((await klaviyoEvents(klaviyoKey)).filter((e) => e.metric === "Reva Cart Recovery Refund")).toMatchObject([
      { value: 20, value_currency: "USD", properties: { order_id: "9001" } },
    ]);
    expect(await klaviyoEvents(klaviyoKey)).toHaveLength(4);
  }, 20_000);
});

describe("the cart's Durable Object hands its events over", () => {
  it("a failed hand-off is retried from the alarm, like a failed projection, and the event still arrives once", async () => {
    clock = useFakeClock();
    const { measurementId, settings } = await integrations();
    const { store, payload } = await storeWithSentEmail(clock, {}, settings);
    const stub = sequenceStub(store.id, payload.cart_token);
    let queueDown = true;
    const handedOver: AnalyticsMessage[] = [];
    await runInDurableObject(stub, (object) => {
      const holder = object as unknown as { effects: SequenceEffects };
      const real = holder.effects;
      holder.effects = {
        ...real,
        publishAnalytics: async (messages) => {
          if (queueDown) throw new Error("queue unavailable");
          await real.publishAnalytics(messages);
          handedOver.push(...messages);
        },
      };
    });
    clock.at(3 * second);
    expect(await postOrder(store.secret_key, { order_id: "9004", cart_token: payload.cart_token, total_price: "59.90", currency: "USD" })).toMatchObject({ recovered: true });
    expect(await runInDurableObject(stub, (_object, ctx) => ctx.storage.getAlarm())).not.toBeNull();

    queueDown = false;
    expect(await runAlarm(store.id, payload.cart_token)).toBe(true);
    expect(handedOver.map((m) => [m.type, m.order_id, m.amount_cents])).toEqual([["sequence_recovered", "9004", 5990]]);
    await eventually(async () => expect((await deliver(handedOver, { queue: "reva-analytics" })).explicitAcks).toHaveLength(1));
    expect((await ga4Received(measurementId)).events.filter((e) => e.name === "recovery_conversion")).toHaveLength(1);
  });
});

describe("exactly once", () => {
  it("a redelivered message changes nothing: neither GA4 nor Klaviyo is called again", async () => {
    clock = useFakeClock();
    const { measurementId, klaviyoKey, settings } = await integrations();
    const { store, payload } = await storeWithSentEmail(clock, {}, settings);
    const messages = await deliverSent(store.id, payload.cart_token);
    expect(messages.map((m) => m.type)).toEqual(["email_sent"]);
    const { results } = await env.DB.prepare("SELECT integration, state FROM analytics_deliveries WHERE event_key = ? ORDER BY integration").bind(messages[0]!.event_id).all();
    expect(results).toEqual([
      { integration: "ga4", state: "delivered" },
      { integration: "klaviyo", state: "delivered" },
    ]);
    const ga4Requests = (await ga4Received(measurementId)).requests.length;
    const posts = await klaviyoPosts(klaviyoKey);

    const result = await deliver([...messages, ...messages], { queue: "reva-analytics", attempts: 2 });
    expect(result.explicitAcks).toHaveLength(2);
    expect((await ga4Received(measurementId)).requests).toHaveLength(ga4Requests);
    expect((await ga4Received(measurementId)).events).toHaveLength(1);
    expect(await klaviyoPosts(klaviyoKey)).toBe(posts);
    expect(await klaviyoEvents(klaviyoKey)).toHaveLength(1);
  });

  it("an event whose Klaviyo record was lost is sent again, and Klaviyo keeps it once by its unique_id", async () => {
    clock = useFakeClock();
    const { klaviyoKey, settings } = await integrations();
    const store = await createStore();
    await patchSettings(store.secret_key, settings);
    const sent = message(store.id);
    expect((await deliver([sent], { queue: "reva-analytics" })).explicitAcks).toHaveLength(1);
    await env.DB.prepare("DELETE FROM analytics_deliveries WHERE event_key = ? AND integration = 'klaviyo'").bind(sent.event_id).run();
    expect((await deliver([sent], { queue: "reva-analytics", attempts: 2 })).explicitAcks).toHaveLength(1);
    expect(await klaviyoPosts(klaviyoKey)).toBe(2);
    expect(await klaviyoEvents(klaviyoKey)).toMatchObject([{ unique_id: sent.event_id }]);
  });

  it("GA4 and Klaviyo down: retried with backoff, held back once the circuit opens, kept in the store's backlog; back up: every event arrives once", async () => {
    clock = useFakeClock();
    const { measurementId, klaviyoKey, settings } = await integrations();
    const store = await createStore();
    await patchSettings(store.secret_key, settings);
    await ga4FailFor(measurementId, { status: 503 });
    await configureKlaviyo(klaviyoKey, { failStatus: 503 });
    const sent = message(store.id, { at: new Date(clock.start).toISOString() });
    const clicked = { ...sent, event_id: sent.event_id.replace(/\d+$/, "000005"), type: "email_clicked" as const };
    const recovered = { ...sent, event_id: sent.event_id.replace(/\d+$/, "000006"), type: "sequence_recovered" as const, amount_cents: 5990, order_id: "9002" };
    const messages = [sent, clicked, recovered];

    for (let attempts = 1; attempts <= 4; attempts++) {
      const outcomes = await fanOutAnalytics(await forStoreId(workerContext(env), store.id), messages.map((m) => ({ message: m, attempts })));
      expect(outcomes).toEqual(messages.map(() => ({ kind: "retry", delaySeconds: retryDelaySeconds(attempts) })));
    }
    expect((await deliver(messages, { queue: "reva-analytics", attempts: 5 })).retryMessages).toHaveLength(3);
    for (const integration of ["ga4", "klaviyo"]) expect(Date.parse((await health(store.id, integration))!.open_until!)).toBeGreaterThan(Date.now());
    const ga4Requests = (await ga4Received(measurementId)).requests.length;
    const posts = await klaviyoPosts(klaviyoKey);
    expect((await deliver(messages, { queue: "reva-analytics", attempts: 5 })).retryMessages).toHaveLength(3);
    expect((await ga4Received(measurementId)).requests).toHaveLength(ga4Requests);
    expect(await klaviyoPosts(klaviyoKey)).toBe(posts);

    // Retries exhausted: the dead-letter queue keeps them for the store.
    expect((await deliver(messages, { queue: "reva-analytics-dlq" })).explicitAcks).toHaveLength(3);
    expect((await backlog(store.id)).sort()).toEqual(messages.map((m) => m.event_id).sort());

    await ga4FailFor(measurementId, {});
    await configureKlaviyo(klaviyoKey, { failStatus: null });
    clock.at(61 * second);
    const opened = { ...sent, event_id: sent.event_id.replace(/\d+$/, "000007"), type: "email_opened" as const, at: new Date().toISOString() };
    expect((await deliver([opened], { queue: "reva-analytics" })).explicitAcks).toHaveLength(1);

    expect(names((await ga4Received(measurementId)).events)).toEqual(["recovery_conversion", "recovery_email_clicked", "recovery_email_opened", "recovery_email_sent"]);
    expect(names(await klaviyoEvents(klaviyoKey))).toEqual([
      "Reva Cart Recovery Conversion",
      "Reva Cart Recovery Email Clicked",
      "Reva Cart Recovery Email Opened",
      "Reva Cart Recovery Email Sent",
    ]);
    expect(await backlog(store.id)).toEqual([]);
    // A late copy from the queue finds everything delivered.
    expect((await deliver(messages, { queue: "reva-analytics", attempts: 2 })).explicitAcks).toHaveLength(3);
    expect((await ga4Received(measurementId)).events).toHaveLength(4);
    expect(await klaviyoEvents(klaviyoKey)).toHaveLength(4);
    for (const integration of ["ga4", "klaviyo"]) expect(await health(store.id, integration)).toMatchObject({ failures: 0, open_until: null, dropped: 0 });
  }, 20_000);

  it("a busy store: 30 shoppers' events in one delivery all reach GA4, one request per browser (D1's 100 bound parameters hold)", async () => {
    const { measurementId, settings } = await integrations();
    const store = await createStore();
    await patchSettings(store.secret_key, { ga4: settings.ga4 });
    const messages = Array.from({ length: 30 }, (_, i) => message(store.id, { email: `busy${i}@example.com` }));
    const outcomes = await fanOutAnalytics(await forStoreId(workerContext(env), store.id), messages.map((m) => ({ message: m, attempts: 1 })));
    expect(outcomes).toEqual(messages.map(() => ({ kind: "done" })));
    const received = await ga4Received(measurementId);
    expect(received.events).toHaveLength(30);
    expect(received.requests).toHaveLength(30);
  });

  it("a successful connection test drains the store's backlog without waiting for a new event", async () => {
    clock = useFakeClock();
    const { klaviyoKey, settings } = await integrations();
    const store = await createStore();
    await patchSettings(store.secret_key, { klaviyo: settings.klaviyo });
    const kept = message(store.id, { at: new Date(clock.start).toISOString() });
    expect((await deliver([kept], { queue: "reva-analytics-dlq" })).explicitAcks).toHaveLength(1);
    expect(await backlog(store.id)).toEqual([kept.event_id]);

    const test = await request("/api/v1/integrations/klaviyo/test", { method: "POST", key: store.secret_key });
    expect(await test.json()).toMatchObject({ ok: true });
    expect(await klaviyoEvents(klaviyoKey)).toMatchObject([{ unique_id: kept.event_id, metric: "Reva Cart Recovery Email Sent" }]);
    expect(await backlog(store.id)).toEqual([]);
  });

  it("a shopper's events produced while both were down arrive once each when they are back, whoever delivers them", async () => {
    clock = useFakeClock();
    const { measurementId, klaviyoKey, settings } = await integrations();
    await ga4FailFor(measurementId, { status: 500 });
    await configureKlaviyo(klaviyoKey, { failStatus: 503 });
    const { store, payload, links, sequence } = await storeWithSentEmail(clock, {}, settings);
    clock.at(2500);
    await request(new URL(links.find((l) => l.includes("/r/"))!).pathname, { redirect: "manual" });
    await eventually(async () => expect((await getSequence(store.secret_key, sequence.id)).timeline.map((e: any) => e.type)).toContain("email_clicked"));
    clock.at(3 * second);
    await postOrder(store.secret_key, { order_id: "9003", cart_token: payload.cart_token, total_price: "59.90", currency: "USD" });
    const messages = await messagesOf(store.id, payload.cart_token);
    expect(messages.map((m) => m.type)).toEqual(["email_sent", "email_clicked", "sequence_recovered"]);
    expect((await deliver(messages, { queue: "reva-analytics" })).retryMessages).toHaveLength(3);

    await ga4FailFor(measurementId, {});
    await configureKlaviyo(klaviyoKey, { failStatus: null });
    clock.at(2 * 60 * second);
    await deliverSent(store.id, payload.cart_token);
    expect(names((await ga4Received(measurementId)).events)).toEqual(["recovery_conversion", "recovery_email_clicked", "recovery_email_sent"]);
    expect(names(await klaviyoEvents(klaviyoKey))).toEqual(["Reva Cart Recovery Conversion", "Reva Cart Recovery Email Clicked", "Reva Cart Recovery Email Sent"]);
  }, 20_000);
});

describe("nothing is dropped silently", () => {
  it("an event older than 72 h never reaches GA4 and is counted once; Klaviyo still takes it", async () => {
    clock = useFakeClock();
    const { measurementId, klaviyoKey, settings } = await integrations();
    const store = await createStore();
    await patchSettings(store.secret_key, settings);
    const stale = message(store.id, { at: new Date(Date.now() - 73 * hour).toISOString() });
    const fresh = message(store.id, { at: new Date(Date.now() - 71 * hour).toISOString() });

    expect((await deliver([stale, fresh], { queue: "reva-analytics" })).explicitAcks).toHaveLength(2);
    expect((await ga4Received(measurementId)).events.map((e) => e.params.sequence_id)).toEqual([fresh.sequence_id]);
    expect(await health(store.id, "ga4")).toMatchObject({ dropped: 1 });
    expect((await klaviyoEvents(klaviyoKey)).map((e) => e.unique_id).sort()).toEqual([stale.event_id, fresh.event_id].sort());

    expect((await deliver([stale], { queue: "reva-analytics", attempts: 2 })).explicitAcks).toHaveLength(1);
    expect(await health(store.id, "ga4")).toMatchObject({ dropped: 1 });
  });

  it("a cart without an address reaches GA4 but cannot reach Klaviyo: counted", async () => {
    clock = useFakeClock();
    const { measurementId, klaviyoKey, settings } = await integrations();
    const store = await createStore();
    await patchSettings(store.secret_key, settings);
    const anonymous = message(store.id, { type: "popup_shown", step: "popup_1h", email: null });
    expect((await deliver([anonymous], { queue: "reva-analytics" })).explicitAcks).toHaveLength(1);
    expect((await ga4Received(measurementId)).events).toMatchObject([{ name: "recovery_popup_shown", client_id: await stableClientId(`${store.id}:${anonymous.sequence_id}`) }]);
    expect(await klaviyoEvents(klaviyoKey)).toEqual([]);
    expect(await health(store.id, "klaviyo")).toMatchObject({ dropped: 1 });
  });

  it("a store without integrations acks without a call or a record", async () => {
    clock = useFakeClock();
    const store = await createStore();
    const event = message(store.id);
    expect((await deliver([event], { queue: "reva-analytics" })).explicitAcks).toHaveLength(1);
    expect(await env.DB.prepare("SELECT * FROM analytics_deliveries WHERE event_key = ?").bind(event.event_id).all()).toMatchObject({ results: [] });
    expect(await env.DB.prepare("SELECT * FROM integration_health WHERE store_id = ?").bind(store.id).all()).toMatchObject({ results: [] });
  });

  it("a message that is not an analytics event is kept as a dead letter", async () => {
    const store = await createStore();
    const bad = { store_id: store.id, event_id: "nope" };
    expect((await deliver([bad], { queue: "reva-analytics" })).explicitAcks).toHaveLength(1);
    const row = await env.DB.prepare("SELECT queue FROM dead_letters WHERE json_extract(body, '$.store_id') = ?").bind(store.id).first();
    expect(row).toEqual({ queue: "reva-analytics" });
  });
});

import { claimDeliveries, findBacklog, findDeliveries, releaseDeliveries, removeFromBacklog, settleDeliveries } from "../db/analytics-deliveries";
import { cachedStoreById } from "../db/store-cache";
import { ga4Events, klaviyoEvent, type KlaviyoOutgoing } from "../domain/analytics-events";
import { analyticsMessageSchema, type AnalyticsMessage } from "../domain/analytics-message";
import type { IntegrationName } from "../domain/catalogue";
import { retryDelaySeconds, type MessageOutcome } from "../domain/retry";
import { clientIdFromGaCookie, eventProblems, eventRequests, sendEvents, stableClientId, type Ga4Client, type Ga4Event } from "../integrations/ga4";
import { createEvent, type KlaviyoClient } from "../integrations/klaviyo";
import type { ServiceContext, Store } from "./context";
import { ga4ClientFor } from "./ga4-client";
import { circuitIsOpen, recordDropped, recordFailure, recordSuccess } from "./integration-health";
import { klaviyoClientFor } from "./klaviyo-check";

/** One analytics message as the queue handed it over; `attempts` paces its retries. */
export type AnalyticsDelivery = { message: AnalyticsMessage; attempts: number };

/**
 * How long a claim on an event keeps other consumers off it: far beyond a whole store's calls
 * (each has a 2 s deadline, PARALLEL_CALLS at a time), so it only ever runs out when its
 * consumer died mid-way.
 */
const LEASE_MS = 120_000;
const PARALLEL_CALLS = 10;
/** Kept messages of a store retried after each successful delivery to it. */
const BACKLOG_BATCH = 50;

/** A call's outcome, alike for both integrations: "unavailable" is retried, "rejected" never will be accepted. */
type CallOutcome = { kind: "ok" } | { kind: "unavailable"; message: string; retryAfterSeconds?: number } | { kind: "rejected"; message: string };

/** One event for one integration; its key is what its delivery is recorded under. */
type Item = { key: string; delivery: AnalyticsDelivery };
type Call = { items: Item[]; send: () => Promise<CallOutcome> };

/** What one integration receives of a store's deliveries, and how its events are grouped into calls. */
type Channel = {
  integration: IntegrationName;
  sendable: Item[];
  /** Events that can never be delivered, with the reason: dropped and counted, never sent. */
  undeliverable: (Item & { problem: string })[];
  /** The calls that send the sendable events among `keys`. */
  calls(keys: Set<string>): Call[];
};

/**
 * The shopper's GA client id: from what the storefront passed (a `_ga` cookie value, or the
 * client id in it), else a stable hash of the store and address so each shopper counts as one
 * browser; a cart with neither is a browser of its own.
 */
async function ga4ClientId(message: AnalyticsMessage): Promise<string> {
  return clientIdFromGaCookie(message.ga_client_id) ?? stableClientId(`${message.store_id}:${message.email ?? message.sequence_id}`);
}

/** GA4: one request per browser (client id) and up to 25 of its events. */
async function ga4Channel(client: Ga4Client, sendPurchase: boolean, deliveries: AnalyticsDelivery[], now: number): Promise<Channel> {
  const sendable: (Item & { clientId: string; event: Ga4Event })[] = [];
  const undeliverable: Channel["undeliverable"] = [];
  for (const delivery of deliveries) {
    const clientId = await ga4ClientId(delivery.message);
    for (const { key, event } of ga4Events(delivery.message, { sendPurchase })) {
      // GA would move an event older than 72 h to 72 h ago, or ignore a bad one: never sent, counted instead.
      const problems = eventProblems(event, now);
      if (problems.length > 0) undeliverable.push({ key, delivery, problem: problems.join("; ") });
      else sendable.push({ key, delivery, clientId, event });
    }
  }
  return {
    integration: "ga4",
    sendable,
    undeliverable,
    calls(keys) {
      const browsers = Map.groupBy(
        sendable.filter((item) => keys.has(item.key)),
        (item) => item.clientId,
      );
      return [...browsers].flatMap(([client_id, group]) =>
        eventRequests({ client_id }, group.map((item) => item.event)).map((request) => ({
          items: group.filter((item) => request.events.includes(item.event)),
          send: () => sendEvents(client, request),
        })),
      );
    },
  };
}

async function createKlaviyoEvent(client: KlaviyoClient, event: KlaviyoOutgoing["event"]): Promise<CallOutcome> {
  const result = await createEvent(client, event);
  if (result.kind === "ok" || result.kind === "rejected" || result.kind === "unavailable") return result;
  if (result.kind === "rate_limited") return { kind: "unavailable", message: "Klaviyo rate limited the events", retryAfterSeconds: result.retryAfterSeconds };
  // A revoked or mistyped key: the events wait (retried, then kept) until the merchant fixes it.
  return { kind: "unavailable", message: result.message };
}

/** Klaviyo: one Create Event call per event, deduplicated by Klaviyo on its unique_id. */
function klaviyoChannel(client: KlaviyoClient, deliveries: AnalyticsDelivery[]): Channel {
  const sendable: (Item & { event: KlaviyoOutgoing["event"] })[] = [];
  const undeliverable: Channel["undeliverable"] = [];
  for (const delivery of deliveries) {
    const outgoing = klaviyoEvent(delivery.message);
    if ("problem" in outgoing) undeliverable.push({ key: outgoing.key, delivery, problem: outgoing.problem });
    else sendable.push({ key: outgoing.key, delivery, event: outgoing.event });
  }
  return {
    integration: "klaviyo",
    sendable,
    undeliverable,
    calls: (keys) => sendable.filter((item) => keys.has(item.key)).map((item) => ({ items: [item], send: () => createKlaviyoEvent(client, item.event) })),
  };
}

async function channelsFor(ctx: ServiceContext, store: Store, deliveries: AnalyticsDelivery[], now: number) {
  const [ga4, klaviyo] = await Promise.all([ga4ClientFor(ctx, store), klaviyoClientFor(ctx, store)]);
  return [
    ...(ga4 ? [await ga4Channel(ga4, store.settings.ga4.send_purchase, deliveries, now)] : []),
    ...(klaviyo ? [klaviyoChannel(klaviyo, deliveries)] : []),
  ];
}

/** Event id → seconds until its message's retry; an event not in it is done for this integration. */
type Retries = Map<string, number>;

function retryLater(retries: Retries, delivery: AnalyticsDelivery, atLeastSeconds = 0) {
  const seconds = Math.max(retryDelaySeconds(delivery.attempts), atLeastSeconds);
  retries.set(delivery.message.event_id, Math.max(retries.get(delivery.message.event_id) ?? 0, seconds));
}

/**
 * Delivers one integration's share under the store's circuit breaker: each event not yet
 * settled is claimed, sent, and recorded right after the 2xx. A failed call stops the
 * integration for this run; its events and the ones after it are retried with backoff.
 */
async function runChannel(ctx: ServiceContext, storeId: string, channel: Channel, settled: Set<string>, now: number) {
  const { integration } = channel;
  const retries: Retries = new Map();
  let delivered = false;
  const open = <T extends Item>(items: T[]) => items.filter((item) => !settled.has(`${integration} ${item.key}`));
  const sendable = open(channel.sendable);
  const undeliverable = open(channel.undeliverable);
  const pending = [...sendable, ...undeliverable];
  if (pending.length === 0) return { retries, delivered };
  if (await circuitIsOpen(ctx, storeId, integration, now)) {
    for (const item of pending) retryLater(retries, item.delivery);
    return { retries, delivered };
  }

  const at = new Date(now).toISOString();
  const claimed = await claimDeliveries(ctx.db, integration, pending.map((item) => item.key), at, new Date(now + LEASE_MS).toISOString());
  // Not claimed: another consumer is sending it right now, and the retry will find it settled.
  for (const item of pending) if (!claimed.has(item.key)) retryLater(retries, item.delivery);

  const dropped = undeliverable.filter((item) => claimed.has(item.key));
  if (dropped.length > 0) {
    await settleDeliveries(ctx.db, integration, dropped.map((item) => item.key), "dropped", at);
    await recordDropped(ctx, storeId, integration, dropped.length);
    console.warn(`${integration}: ${dropped.length} event(s) of store ${storeId} can never be delivered:`, [...new Set(dropped.map((item) => item.problem))]);
  }

  const calls = channel.calls(claimed);
  let failure: string | null = null;
  let rejection: string | null = null;
  let next = 0;
  while (next < calls.length && failure === null) {
    // The first call goes alone: to an integration that is down, a batch costs one failed call, not ten.
    const wave = calls.slice(next, next === 0 ? 1 : next + PARALLEL_CALLS);
    next += wave.length;
    const answered = await Promise.all(
      wave.map(async (call) => {
        const outcome = await call.send();
        const keys = call.items.map((item) => item.key);
        if (outcome.kind === "ok") await settleDeliveries(ctx.db, integration, keys, "delivered", at);
        return { call, keys, outcome };
      }),
    );
    for (const { call, keys, outcome } of answered) {
      if (outcome.kind === "ok") delivered = true;
      else if (outcome.kind === "rejected") {
        await settleDeliveries(ctx.db, integration, keys, "dropped", at);
        await recordDropped(ctx, storeId, integration, keys.length);
        rejection = outcome.message;
      } else {
        await releaseDeliveries(ctx.db, integration, keys);
        for (const item of call.items) retryLater(retries, item.delivery, outcome.retryAfterSeconds);
        failure = outcome.message;
      }
    }
  }
  const unsent = calls.slice(next).flatMap((call) => call.items);
  await releaseDeliveries(ctx.db, integration, unsent.map((item) => item.key));
  for (const item of unsent) retryLater(retries, item.delivery);

  const error = failure ?? rejection;
  if (error !== null) await recordFailure(ctx, storeId, integration, error, now);
  else if (delivered) await recordSuccess(ctx, storeId, integration, now);
  return { retries, delivered };
}

/** Every delivery of one store to each integration it has connected; `delivered` when any call succeeded. */
async function deliverForStore(ctx: ServiceContext, storeId: string, deliveries: AnalyticsDelivery[], now: number) {
  const retries: Retries = new Map();
  const store = await cachedStoreById(ctx.db, storeId);
  if (!store) {
    console.warn(`analytics: store ${storeId} no longer exists; ${deliveries.length} event(s) have nowhere to go`);
    return { retries, delivered: false };
  }
  const channels = await channelsFor(ctx, store, deliveries, now);
  if (channels.length === 0) return { retries, delivered: false };

  const keys = channels.flatMap((channel) => [...channel.sendable, ...channel.undeliverable].map((item) => item.key));
  const recorded = await findDeliveries(ctx.db, keys);
  const settled = new Set(recorded.filter((row) => row.state !== "sending").map((row) => `${row.integration} ${row.eventKey}`));
  const runs = await Promise.all(channels.map((channel) => runChannel(ctx, storeId, channel, settled, now)));
  for (const run of runs) for (const [eventId, seconds] of run.retries) retries.set(eventId, Math.max(retries.get(eventId) ?? 0, seconds));
  return { retries, delivered: runs.some((run) => run.delivered) };
}

/**
 * Per store, each event once: a message the queue delivered twice in one batch, or that its
 * Durable Object sent twice, is delivered once, and both copies share its outcome.
 */
async function deliverAll(ctx: ServiceContext, deliveries: AnalyticsDelivery[], now: number) {
  const firsts = new Map<string, AnalyticsDelivery>();
  for (const delivery of deliveries) if (!firsts.has(delivery.message.event_id)) firsts.set(delivery.message.event_id, delivery);
  const retries: Retries = new Map();
  const deliveredTo: string[] = [];
  for (const [storeId, group] of Map.groupBy(firsts.values(), (delivery) => delivery.message.store_id)) {
    const result = await deliverForStore(ctx, storeId, group, now);
    for (const [eventId, seconds] of result.retries) retries.set(eventId, seconds);
    if (result.delivered) deliveredTo.push(storeId);
  }
  return { retries, deliveredTo };
}

/**
 * Messages that exhausted their retries wait in the store's backlog (the analytics DLQ's dead
 * letters) until an integration of the store takes events again: then its oldest ones are
 * delivered, a bounded part per successful delivery, and leave the backlog once done
 * (delivered, or dropped and counted). What still cannot go stays for the next time.
 */
export async function drainBacklog(ctx: ServiceContext, storeId: string, now = Date.now()) {
  const rows = await findBacklog(ctx.db, storeId, BACKLOG_BATCH);
  const kept = rows.flatMap((row) => {
    const message = analyticsMessageSchema.safeParse(JSON.parse(row.body));
    if (message.success) return [{ id: row.id, delivery: { message: message.data, attempts: 1 } }];
    // Only a deploy that changed the message's shape can get here: it stays, a dead letter to look at.
    console.error(`analytics backlog: dead letter ${row.id} no longer fits the message schema`, message.error.issues);
    return [];
  });
  if (kept.length === 0) return;
  const { retries } = await deliverAll(ctx, kept.map((k) => k.delivery), now);
  await removeFromBacklog(ctx.db, kept.filter((k) => !retries.has(k.delivery.message.event_id)).map((k) => k.id));
}

/**
 * Fans timeline events out to each store's GA4 property and Klaviyo account, exactly once per
 * event and integration, and answers per delivery whether it is done (every connected
 * integration has it, or can never have it) or must be retried, and when.
 */
export async function fanOutAnalytics(ctx: ServiceContext, deliveries: AnalyticsDelivery[], now = Date.now()): Promise<MessageOutcome[]> {
  const { retries, deliveredTo } = await deliverAll(ctx, deliveries, now);
  for (const storeId of deliveredTo) await drainBacklog(ctx, storeId, now);
  return deliveries.map((delivery) => {
    const delaySeconds = retries.get(delivery.message.event_id);
    return delaySeconds === undefined ? { kind: "done" } : { kind: "retry", delaySeconds };
  });
}

import { loadShopperHistories, shopperKey } from "../db/send-facts";
import { loadSenderStandings } from "../db/sender-standing";
import { addressOf, domainOfAddress } from "../domain/email/sender";
import { readConfig } from "../config";
import { projectCart, projectSequence, type RowWrite } from "../db/sequence-projection";
import { shardDatabase, shardOfStore } from "../db/shards";
import { cachedStoreById } from "../db/store-cache";
import type { AnalyticsMessage } from "../domain/analytics-message";
import type { Cart } from "../domain/cart";
import type { LiveNotice } from "../domain/live-notice";
import { historySince, type ShopperHistory } from "../domain/coordinator";
import type { EmailJob } from "../domain/email/email-job";
import { localDay } from "../domain/local-time";
import type { SequenceState } from "../domain/sequence";
import type { StoredSettings } from "../domain/settings";
import { shopperLedgerStub, storeLiveStub } from "./client";
import type { Reservation } from "./shopper-ledger";

/** Everything a cart's Durable Object reads or writes outside its own storage. */
export type SequenceEffects = {
  /** The store's settings (cached per isolate for a few seconds), or null once the store is gone. */
  settings(storeId: string): Promise<StoredSettings | null>;
  shopperHistory(storeId: string, email: string, settings: Pick<StoredSettings, "frequency_cap" | "timezone">, now: number): Promise<ShopperHistory | null>;
  /** Writes the state (as much of its row as `row` says), its new timeline events and (when it changed) the cart to D1 in one batch. */
  project(state: SequenceState, options: { withCart: boolean; row: RowWrite }): Promise<void>;
  projectCart(storeId: string, cart: Cart): Promise<void>;
  enqueueEmail(job: EmailJob): Promise<void>;
  /** Hands timeline events to the analytics fan-out; sending one again is harmless (its id is fixed). */
  publishAnalytics(messages: AnalyticsMessage[]): Promise<void>;
  /** Reserves a send under the shopper's frequency cap with the shopper's ledger, which orders concurrent claims. */
  reserveSend(storeId: string, email: string, key: string, cap: StoredSettings["frequency_cap"], now: number): Promise<Reservation>;
  /** Tells the store's open dashboards what changed (see ./store-live). */
  notifyLive(storeId: string, notices: LiveNotice[]): Promise<void>;
};

/** Queues take at most 100 messages per sendBatch. */
const MAX_BATCH = 100;

export function sequenceEffects(env: Env): SequenceEffects {
  /** Every effect reads and writes the D1 shard of the cart's store (D1_SHARDS, db/shards). */
  const shardOf = async (storeId: string) => {
    const { shards } = readConfig(env);
    return shardDatabase(env, shards, await shardOfStore(env, shards, storeId));
  };
  return {
    settings: async (storeId) => (await cachedStoreById(await shardOf(storeId), storeId))?.settings ?? null,
    async shopperHistory(storeId, email, settings, now) {
      const since = historySince(settings.frequency_cap.per_hours, now);
      const db = await shardOf(storeId);
      const store = await cachedStoreById(db, storeId);
      const sharedDomain = domainOfAddress(addressOf(readConfig(env).defaultFrom));
      const senders = store ? await loadSenderStandings(db, [store], sharedDomain, now) : new Map();
      const histories = await loadShopperHistories(db, [{ storeId, email }], since, new Map([[storeId, localDay(now, settings.timezone)]]), senders);
      return histories.get(shopperKey(storeId, email)) ?? null;
    },
    notifyLive: async (storeId, notices) => {
      if (notices.length > 0) await storeLiveStub(env, storeId).notify(notices);
    },
    reserveSend: (storeId, email, key, cap, now) => shopperLedgerStub(env, storeId).reserve(email, key, cap.max_emails, cap.per_hours, now),
    project: async (state, options) => projectSequence(await shardOf(state.store_id), state, options),
    projectCart: async (storeId, cart) => projectCart(await shardOf(storeId), storeId, cart),
    enqueueEmail: async (job) => {
      await env.EMAIL_QUEUE.send(job);
    },
    async publishAnalytics(messages) {
      for (let i = 0; i < messages.length; i += MAX_BATCH) {
        await env.ANALYTICS_QUEUE.sendBatch(messages.slice(i, i + MAX_BATCH).map((body) => ({ body })));
      }
    },
  };
}

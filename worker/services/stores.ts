import { claimDomains, keepOnlyClaims, registerStore, storesPerShard, unregisterStore } from "../db/store-directory";
import { insertStore, listStoresAfter, saveSettings } from "../db/stores";
import { isUniqueViolation } from "../db/unique-violation";
import { AppError } from "../domain/errors";
import { forgetStore } from "../db/store-cache";
import { newId } from "../domain/ids";
import { applySettingsPatch, defaultSettings, toSettingsView, type NewStoreSettings, type SettingsPatch } from "../domain/settings";
import { sha256Hex } from "../security/hmac";
import { generateKey } from "../security/keys";
import { storedSendingDomain } from "./sending-domains";
import { storeSecrets } from "./store-secrets";
import { directoryOf, everyShard, onShard, type ServiceContext, type StoreContext, type WorkerContext } from "./context";

export type StoreKeys = { id: string; secret_key: string; publishable_key: string; webhook_secret: string };

/**
 * Keys are returned once, here; D1 keeps hashes (and the webhook secret sealed, as HMAC needs it).
 * The store is given a shard for good (`shardForNewStore`); the directory learns its shard, its
 * keys and its domains before the shard holds the store, so nothing can find a half-made store.
 */
export async function createStore(ctx: WorkerContext, input: NewStoreSettings): Promise<StoreKeys> {
  const keys = {
    id: newId("store"),
    secret_key: generateKey("sk"),
    publishable_key: generateKey("pk"),
    webhook_secret: generateKey("whsec"),
  };
  const settings = defaultSettings(input);
  const directory = directoryOf(ctx);
  const { db, shard } = await shardForNewStore(ctx);
  const secretKeyHash = await sha256Hex(keys.secret_key);
  const publishableKeyHash = await sha256Hex(keys.publishable_key);
  const createdAt = new Date().toISOString();
  const taken = await registerStore(directory, { storeId: keys.id, shard, keyHashes: [secretKeyHash, publishableKeyHash], domains: settings.domains, createdAt });
  if (taken.length > 0) throw domainConflict("domain", `${taken.join(", ")} belongs to another store`);
  try {
    await ownDomains(insertStore(db, {
      id: keys.id,
      name: settings.name,
      secretKeyHash,
      publishableKeyHash,
      webhookSecretEncrypted: await storeSecrets(ctx.config).seal(keys.webhook_secret),
      settings,
      createdAt,
    }), "domain");
  } catch (error) {
    await unregisterStore(directory, keys.id);
    throw error;
  }
  return keys;
}

/** Of the shards open to new stores (D1_SHARDS_FOR_NEW_STORES), the one holding fewest stores; a tie goes to the one listed first. */
async function shardForNewStore(ctx: WorkerContext): Promise<ServiceContext> {
  const open = ctx.config.newStoreShards;
  const counts = await storesPerShard(directoryOf(ctx), open);
  return onShard(ctx, open.reduce((best, shard) => ((counts.get(shard) ?? 0) < (counts.get(best) ?? 0) ? shard : best)));
}

const LIST_LIMIT = 100;

/** Every store on every shard, by id, a page at a time (admin): each shard's next page, merged. */
export async function listStores(ctx: WorkerContext, input: { after?: string | undefined; limit?: number | undefined }) {
  const limit = input.limit ?? LIST_LIMIT;
  const pages = await Promise.all(everyShard(ctx).map(async ({ db, shard }) => (await listStoresAfter(db, input.after ?? "", limit)).map((row) => ({ ...row, shard }))));
  const page = pages.flat().sort((a, b) => (a.id < b.id ? -1 : 1)).slice(0, limit);
  return {
    stores: page.map((row) => ({ id: row.id, name: row.name, domains: row.settings.domains, created_at: row.createdAt, shard: row.shard })),
    next_after: page.length === limit ? page[page.length - 1]!.id : null,
  };
}

export async function readSettings(ctx: Pick<StoreContext, "db" | "store">) {
  return { ...toSettingsView(ctx.store.settings), sending_domain: await storedSendingDomain(ctx) };
}

export async function updateSettings(ctx: StoreContext, patch: SettingsPatch) {
  const { db, config, store } = ctx;
  const box = storeSecrets(config);
  const settings = await applySettingsPatch(store.settings, patch, (plain) => box.seal(plain));
  await holdDomains(ctx, settings.domains, () => ownDomains(saveSettings(db, store.id, settings), "domains"));
  forgetStore(store.id);
  return { ...toSettingsView(settings), sending_domain: await storedSendingDomain({ db, store: { ...store, settings } }) };
}

const domainConflict = (field: string, detail: string) => new AppError("conflict", `${field}: ${detail}`, [{ field, message: detail }]);

/**
 * A storefront domain belongs to one store, across every shard: another store's origin must never
 * speak for this one. The directory's claims decide (a race between shards included); the store
 * then keeps claimed exactly the domains its shard holds, whether the write went through or not.
 */
async function holdDomains(ctx: StoreContext, domains: string[], write: () => Promise<void>) {
  const before = ctx.store.settings.domains;
  if (domains.length === before.length && domains.every((domain) => before.includes(domain))) return write();
  const directory = directoryOf(ctx);
  const taken = await claimDomains(directory, "storefront", ctx.store.id, domains);
  if (taken.length > 0) {
    await keepOnlyClaims(directory, "storefront", ctx.store.id, before);
    throw domainConflict("domains", `${taken.join(", ")} belongs to another store`);
  }
  try {
    await write();
  } catch (error) {
    await keepOnlyClaims(directory, "storefront", ctx.store.id, before);
    throw error;
  }
  await keepOnlyClaims(directory, "storefront", ctx.store.id, domains);
}

/** The same refusal when another store claimed a domain between the check and the write (the primary key decides). */
async function ownDomains(write: Promise<unknown>, field: string) {
  try {
    await write;
  } catch (error) {
    if (isUniqueViolation(error)) throw domainConflict(field, "a domain belongs to another store");
    throw error;
  }
}

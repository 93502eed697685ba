import { domainsHeldByOthers } from "../db/store-domains";
import { insertStore, saveSettings } from "../db/stores";
import { isUniqueViolation } from "../db/unique-violation";
import { AppError } from "../domain/errors";
import { forgetStore } from "../db/store-cache";
import { newId } from "../domain/ids";
import { applySettingsPatch, defaultSettings, toSettingsView, type NewStoreSettings, type SettingsPatch } from "../domain/settings";
import { sha256Hex } from "../security/hmac";
import { generateKey } from "../security/keys";
import { storedSendingDomain } from "./sending-domains";
import { storeSecrets } from "./store-secrets";
import type { ServiceContext, StoreContext } from "./context";

export type StoreKeys = { id: string; secret_key: string; publishable_key: string; webhook_secret: string };

/** Keys are returned once, here; D1 keeps hashes (and the webhook secret sealed, as HMAC needs it). */
export async function createStore({ db, config }: Pick<ServiceContext, "db" | "config">, input: NewStoreSettings): Promise<StoreKeys> {
  const keys = {
    id: newId("store"),
    secret_key: generateKey("sk"),
    publishable_key: generateKey("pk"),
    webhook_secret: generateKey("whsec"),
  };
  const settings = defaultSettings(input);
  await refuseDomainsOfOthers({ db }, keys.id, settings.domains, "domain");
  await ownDomains(insertStore(db, {
    id: keys.id,
    name: settings.name,
    secretKeyHash: await sha256Hex(keys.secret_key),
    publishableKeyHash: await sha256Hex(keys.publishable_key),
    webhookSecretEncrypted: await storeSecrets(config).seal(keys.webhook_secret),
    settings,
    createdAt: new Date().toISOString(),
  }), "domain");
  return keys;
}

export async function readSettings(ctx: Pick<StoreContext, "db" | "store">) {
  return { ...toSettingsView(ctx.store.settings), sending_domain: await storedSendingDomain(ctx) };
}

export async function updateSettings({ db, config, store }: StoreContext, patch: SettingsPatch) {
  const box = storeSecrets(config);
  const settings = await applySettingsPatch(store.settings, patch, (plain) => box.seal(plain));
  await refuseDomainsOfOthers({ db }, store.id, settings.domains, "domains");
  await ownDomains(saveSettings(db, store.id, settings), "domains");
  forgetStore(store.id);
  return { ...toSettingsView(settings), sending_domain: await storedSendingDomain({ db, store: { ...store, settings } }) };
}

const domainConflict = (field: string, detail: string) => new AppError("conflict", `${field}: ${detail}`, [{ field, message: detail }]);

/** A storefront domain belongs to one store: another store's origin must never speak for this one. */
async function refuseDomainsOfOthers({ db }: Pick<ServiceContext, "db">, storeId: string, domains: string[], field: string) {
  const taken = await domainsHeldByOthers(db, storeId, domains);
  if (taken.length > 0) throw domainConflict(field, `${taken.join(", ")} belongs to another store`);
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

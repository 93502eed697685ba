import { insertStore, saveSettings } from "../db/stores";
import { forgetStore } from "../db/store-cache";
import { newId } from "../domain/ids";
import { applySettingsPatch, defaultSettings, toSettingsView, type NewStoreSettings, type SettingsPatch } from "../domain/settings";
import { sha256Hex } from "../security/hmac";
import { generateKey } from "../security/keys";
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
  await insertStore(db, {
    id: keys.id,
    name: settings.name,
    secretKeyHash: await sha256Hex(keys.secret_key),
    publishableKeyHash: await sha256Hex(keys.publishable_key),
    webhookSecretEncrypted: await storeSecrets(config).seal(keys.webhook_secret),
    settings,
    createdAt: new Date().toISOString(),
  });
  return keys;
}

export function readSettings({ store }: Pick<StoreContext, "store">) {
  return toSettingsView(store.settings);
}

export async function updateSettings({ db, config, store }: StoreContext, patch: SettingsPatch) {
  const box = storeSecrets(config);
  const settings = await applySettingsPatch(store.settings, patch, (plain) => box.seal(plain));
  await saveSettings(db, store.id, settings);
  forgetStore(store.id);
  return toSettingsView(settings);
}

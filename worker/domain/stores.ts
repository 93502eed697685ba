import type { Database } from "../db/client";
import { insertStore, saveSettings, type Store } from "../db/stores";
import { forgetStore } from "../db/store-cache";
import { sha256Hex } from "../security/hmac";
import { generateKey } from "../security/keys";
import type { SecretBox } from "../security/secret-box";
import { newId } from "./ids";
import { applySettingsPatch, defaultSettings, toSettingsView, type NewStoreSettings, type SettingsPatch } from "./settings";

export type StoreKeys = { id: string; secret_key: string; publishable_key: string; webhook_secret: string };

/** Keys are returned once, here; D1 keeps hashes (and the webhook secret sealed, as HMAC needs it). */
export async function createStore(db: Database, box: SecretBox, input: NewStoreSettings): Promise<StoreKeys> {
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
    webhookSecretEncrypted: await box.seal(keys.webhook_secret),
    settings,
    createdAt: new Date().toISOString(),
  });
  return keys;
}

export async function updateSettings(db: Database, box: SecretBox, store: Store, patch: SettingsPatch) {
  const settings = await applySettingsPatch(store.settings, patch, (plain) => box.seal(plain));
  await saveSettings(db, store.id, settings);
  forgetStore(store.id);
  return toSettingsView(settings);
}

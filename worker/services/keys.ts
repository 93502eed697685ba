import { rotateStoreKey } from "../db/keys";
import { routeKey } from "../db/store-directory";
import { AppError } from "../domain/errors";
import type { Store as StoreRow } from "../db/stores";
import { forgetStore } from "../db/store-cache";
import { sha256Hex } from "../security/hmac";
import { generateKey } from "../security/keys";
import { directoryOf, type StoreContext } from "./context";
import { storeSecrets } from "./store-secrets";

/** How long a replaced key keeps working, so a merchant can deploy the new one without downtime. */
export const KEY_GRACE_PERIOD_MS = 24 * 60 * 60 * 1000;

export type KeyKind = "secret" | "publishable" | "webhook";

const prefix = { secret: "sk", publishable: "pk", webhook: "whsec" } as const;

/**
 * A new key of one kind, shown once here. The key it replaces stays valid for the grace period
 * (a key replaced before that is dropped at once); D1 keeps hashes, and the webhook secret sealed.
 */
export async function rotateKey(ctx: StoreContext, kind: KeyKind): Promise<{ kind: KeyKind; key: string; previous_valid_until: string }> {
  const { db, config, store } = ctx;
  const key = generateKey(prefix[kind]);
  const stored = kind === "webhook" ? await storeSecrets(config).seal(key) : await sha256Hex(key);
  const until = new Date(Date.now() + KEY_GRACE_PERIOD_MS);
  // The directory learns the new key first: a key that works on the shard is always found.
  if (kind !== "webhook") await routeKey(directoryOf(ctx), stored, store.id);
  await rotateStoreKey(db, store.id, kind, stored, until);
  forgetStore(store.id);
  return { kind, key, previous_valid_until: until.toISOString() };
}

/** The store's Shopify webhook secrets (sealed) that verify now: the current one, and the replaced one during its grace period. */
export function liveSealedWebhookSecrets(
  store: Pick<StoreRow, "webhookSecretEncrypted" | "previousWebhookSecretEncrypted" | "previousWebhookSecretUntil">,
  now = new Date(),
): string[] {
  const previousLive = store.previousWebhookSecretEncrypted && store.previousWebhookSecretUntil && Date.parse(store.previousWebhookSecretUntil) > now.getTime();
  return [store.webhookSecretEncrypted, ...(previousLive ? [store.previousWebhookSecretEncrypted!] : [])];
}

import { requireSecretsKey } from "../config";
import type { Store as StoreRow } from "../db/stores";
import { AppError } from "../domain/errors";
import { hmacKey } from "../security/hmac";
import type { ServiceContext } from "./context";
import { liveSealedWebhookSecrets } from "./keys";
import { storeSecrets } from "./store-secrets";

/**
 * Opening a sealed secret (deriving the AES-GCM keys, decrypting) and importing it as an HMAC key
 * would be repeated for every webhook of a busy store, so each isolate keeps the keys, by sealed
 * value: a rotated secret is a new sealed value (a new entry), and which secrets are live is
 * decided per request from the store row, so a replaced secret stops verifying when its grace
 * period ends. Bounded: a full cache starts over.
 */
const MAX_KEYS = 1_000;
const keys = new Map<string, Promise<CryptoKey>>();

function keyFor(ctx: Pick<ServiceContext, "config">, sealed: string): Promise<CryptoKey> {
  // By the SECRETS_KEY pair too: a value opens only with the keys it was sealed with.
  const { current, previous } = requireSecretsKey(ctx.config);
  const cacheKey = `${current}\n${previous ?? ""}\n${sealed}`;
  const hit = keys.get(cacheKey);
  if (hit) return hit;
  if (keys.size >= MAX_KEYS) keys.clear();
  const opened = (async () => {
    try {
      return await hmacKey(await storeSecrets(ctx.config).open(sealed));
    } catch {
      // An operator problem, not the sender's: SECRETS_KEY changed without SECRETS_KEY_PREVIOUS.
      throw new AppError("not_configured", "the store's webhook secret was sealed with a SECRETS_KEY this deployment does not have (set SECRETS_KEY_PREVIOUS)");
    }
  })();
  keys.set(cacheKey, opened);
  // A failure is not kept: the next webhook tries again.
  opened.catch(() => keys.delete(cacheKey));
  return opened;
}

/** The HMAC keys a Shopify webhook of this store may be signed with now (see keys.liveSealedWebhookSecrets). */
export function shopifyWebhookKeys(
  ctx: Pick<ServiceContext, "config">,
  store: Pick<StoreRow, "webhookSecretEncrypted" | "previousWebhookSecretEncrypted" | "previousWebhookSecretUntil">,
): Promise<CryptoKey[]> {
  return Promise.all(liveSealedWebhookSecrets(store).map((sealed) => keyFor(ctx, sealed)));
}

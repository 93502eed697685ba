import { base64Url, fromBase64Url } from "./encoding";
import { hmacSha256, timingSafeEqual } from "./hmac";
import type { SecretsKeys } from "./secret-box";

/**
 * A storefront visitor as the Worker knows them: `v_<random>.<signature>`. The Worker mints the
 * id (a visitor cannot choose one, say another shopper's) and signs it for one store with a key
 * derived for this purpose only, so neither a dashboard session nor another store's visitor
 * verifies. No expiry: it names a browser for as long as that browser keeps it, like the
 * storefront's own cart cookie.
 */
const purposeKey = (secretsKey: string) => `widget-visitor:${secretsKey}`;

const sign = async (secretsKey: string, storeId: string, visitorId: string) => hmacSha256(purposeKey(secretsKey), `${storeId}.${visitorId}`);

export type Visitor = { id: string; token: string };

export async function mintVisitor(keys: SecretsKeys, storeId: string): Promise<Visitor> {
  return signVisitor(keys, storeId, `v_${base64Url(crypto.getRandomValues(new Uint8Array(16)))}`);
}

/** A token for a visitor id the storefront chose and the merchant vouched for (a cart ingested with it). */
export async function signVisitor(keys: SecretsKeys, storeId: string, id: string): Promise<Visitor> {
  return { id, token: `${id}.${base64Url(await sign(keys.current, storeId, id))}` };
}

/** The visitor id the token was minted for in this store, or null for anything forged or foreign. */
export async function verifyVisitorToken(keys: SecretsKeys, storeId: string, token: string): Promise<string | null> {
  const [id, signature, extra] = token.split(".");
  if (!id || !signature || extra !== undefined) return null;
  let given: Uint8Array;
  try {
    given = fromBase64Url(signature);
  } catch {
    return null;
  }
  // Minted under the previous SECRETS_KEY: the visitor keeps their id through a key rotation.
  for (const key of [keys.current, keys.previous]) {
    if (key && timingSafeEqual(await sign(key, storeId, id), given)) return id;
  }
  return null;
}


import { base64Url, fromBase64Url, utf8 } from "./encoding";
import { hmacSha256, timingSafeEqual } from "./hmac";
import type { SecretsKeys } from "./secret-box";

export const SESSION_TTL_SECONDS = 60 * 60 * 12;

const sign = (secretsKey: string, payload: string) => hmacSha256(`session:${secretsKey}`, utf8(payload));

/**
 * `storeId.expiry.nonce.signature`: useless to anyone without SECRETS_KEY. The nonce makes each
 * sign-in its own session, so signing one out (services/session) never signs out another.
 */
export async function signSession(keys: SecretsKeys, storeId: string, now = Date.now()): Promise<string> {
  const nonce = base64Url(crypto.getRandomValues(new Uint8Array(12)));
  const payload = `${storeId}.${Math.floor(now / 1000) + SESSION_TTL_SECONDS}.${nonce}`;
  return `${payload}.${base64Url(await sign(keys.current, payload))}`;
}

/** The store and expiry a session speaks for, or null; a session signed before a SECRETS_KEY rotation still holds. */
export async function verifySession(keys: SecretsKeys, cookie: string, now = Date.now()): Promise<{ storeId: string; expiresAt: Date } | null> {
  const [storeId, expiry, nonce, signature, extra] = cookie.split(".");
  if (!storeId || !expiry || !nonce || !signature || extra !== undefined) return null;
  const expiresAt = Number(expiry) * 1000;
  if (!Number.isSafeInteger(expiresAt) || expiresAt < now) return null;
  let presented: Uint8Array;
  try {
    presented = fromBase64Url(signature);
  } catch {
    return null;
  }
  for (const key of [keys.current, ...(keys.previous ? [keys.previous] : [])]) {
    if (timingSafeEqual(await sign(key, `${storeId}.${expiry}.${nonce}`), presented)) return { storeId, expiresAt: new Date(expiresAt) };
  }
  return null;
}

import { base64Url, fromBase64Url, utf8 } from "./encoding";
import { hmacSha256, timingSafeEqual } from "./hmac";

export const SESSION_TTL_SECONDS = 60 * 60 * 12;

/** `storeId.expiry.signature`: stateless, and useless to anyone without SECRETS_KEY. */
export async function signSession(secretsKey: string, storeId: string, now = Date.now()): Promise<string> {
  const payload = `${storeId}.${Math.floor(now / 1000) + SESSION_TTL_SECONDS}`;
  const signature = await hmacSha256(`session:${secretsKey}`, payload);
  return `${payload}.${base64Url(signature)}`;
}

export async function verifySession(secretsKey: string, cookie: string, now = Date.now()): Promise<string | null> {
  const [storeId, expiry, signature] = cookie.split(".");
  if (!storeId || !expiry || !signature) return null;
  if (Number(expiry) * 1000 < now) return null;
  const expected = await hmacSha256(`session:${secretsKey}`, utf8(`${storeId}.${expiry}`));
  try {
    return timingSafeEqual(expected, fromBase64Url(signature)) ? storeId : null;
  } catch {
    return null;
  }
}

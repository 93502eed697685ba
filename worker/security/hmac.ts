import { utf8 } from "./encoding";

/** An HMAC-SHA256 key, which a caller signing often under one secret can keep instead of importing it each time. */
export async function hmacKey(secret: Uint8Array | string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", typeof secret === "string" ? utf8(secret) : secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

export async function hmacSign(key: CryptoKey, message: Uint8Array | string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, typeof message === "string" ? utf8(message) : message));
}

export async function hmacSha256(secret: Uint8Array | string, message: Uint8Array | string): Promise<Uint8Array> {
  return hmacSign(await hmacKey(secret), message);
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", utf8(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Constant-time, so a forged signature cannot be found byte by byte through response timing. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  return crypto.subtle.timingSafeEqual(a, b);
}

import { utf8 } from "./encoding";

async function hmacKey(secret: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

export async function hmacSha256(secret: Uint8Array | string, message: Uint8Array | string): Promise<Uint8Array> {
  const key = await hmacKey(typeof secret === "string" ? utf8(secret) : secret);
  const data = typeof message === "string" ? utf8(message) : message;
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, data));
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

import { base64Url } from "./encoding";

export type KeyKind = "sk" | "pk" | "whsec";

/** 32 random bytes behind a readable prefix: `sk_…` secret, `pk_…` publishable, `whsec_…` webhook. */
export function generateKey(kind: KeyKind): string {
  return `${kind}_${base64Url(crypto.getRandomValues(new Uint8Array(32)))}`;
}

export const isSecretKey = (token: string) => token.startsWith("sk_");
export const isPublishableKey = (token: string) => token.startsWith("pk_");

import { base64Url, fromBase64, fromBase64Url, toBase64, utf8 } from "./encoding";

/**
 * SECRETS_KEY and, while a rotation lasts, the key it replaced (SECRETS_KEY_PREVIOUS): values are
 * sealed with the current key and opened with whichever key sealed them.
 */
export type SecretsKeys = { current: string; previous?: string | undefined };

type VersionedKey = { id: string; key: CryptoKey };

/** Sealed values read `<key id>.<ciphertext>`; neither base64 alphabet has a dot, so a value without one is from before key ids. */
const KEY_ID_SEPARATOR = ".";

/** A short public name for a key (derived from it, so it never needs configuring and reveals nothing usable). */
async function keyId(secretsKey: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", utf8(`key-id:${secretsKey}`)));
  return base64Url(digest.slice(0, 6));
}

async function versionedKey(secretsKey: string, purpose: string): Promise<VersionedKey> {
  const raw = await crypto.subtle.digest("SHA-256", utf8(`${purpose}:${secretsKey}`));
  return { id: await keyId(secretsKey), key: await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]) };
}

/**
 * AES-GCM with a key derived from SECRETS_KEY and a purpose label, so a token sealed for one use
 * (say, a click link) can never be opened as another (an unsubscribe). GCM authenticates, so a
 * sealed value is both secret and tamper-proof. Every sealed value names the key that sealed it,
 * so SECRETS_KEY can be rotated without breaking stored secrets or links in emails already sent.
 */
export class SecretBox {
  /** The current key first. */
  private keys: Promise<VersionedKey[]>;

  constructor(secrets: SecretsKeys | string, purpose = "store-secrets") {
    const { current, previous } = typeof secrets === "string" ? { current: secrets, previous: undefined } : secrets;
    this.keys = Promise.all([current, ...(previous ? [previous] : [])].map((key) => versionedKey(key, purpose)));
  }

  private async sealBytes(plaintext: string): Promise<{ id: string; bytes: Uint8Array }> {
    const [current] = await this.keys;
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, current!.key, utf8(plaintext)));
    const bytes = new Uint8Array(iv.length + sealed.length);
    bytes.set(iv);
    bytes.set(sealed, iv.length);
    return { id: current!.id, bytes };
  }

  private static async decrypt(key: CryptoKey, bytes: Uint8Array): Promise<string> {
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: bytes.slice(0, 12) }, key, bytes.slice(12));
    return new TextDecoder().decode(plain);
  }

  /** Opens with the key the value names; a value sealed before key ids is tried with each key. */
  private async openSealed(sealed: string, decode: (text: string) => Uint8Array): Promise<string> {
    const keys = await this.keys;
    const dot = sealed.indexOf(KEY_ID_SEPARATOR);
    if (dot >= 0) {
      const named = keys.find((k) => k.id === sealed.slice(0, dot));
      if (!named) throw new Error("sealed with a key this deployment no longer has");
      return SecretBox.decrypt(named.key, decode(sealed.slice(dot + 1)));
    }
    const bytes = decode(sealed);
    let failure: unknown;
    for (const { key } of keys) {
      try {
        return await SecretBox.decrypt(key, bytes);
      } catch (error) {
        failure = error;
      }
    }
    throw failure;
  }

  async seal(plaintext: string): Promise<string> {
    const { id, bytes } = await this.sealBytes(plaintext);
    return `${id}${KEY_ID_SEPARATOR}${toBase64(bytes)}`;
  }

  async open(box: string): Promise<string> {
    return this.openSealed(box, fromBase64);
  }

  /** URL-safe token of a JSON payload. */
  async sealToken(payload: unknown): Promise<string> {
    const { id, bytes } = await this.sealBytes(JSON.stringify(payload));
    return `${id}${KEY_ID_SEPARATOR}${base64Url(bytes)}`;
  }

  /** The payload, or null for anything forged, truncated or sealed for another purpose. */
  async openToken(token: string): Promise<unknown> {
    try {
      return JSON.parse(await this.openSealed(token, fromBase64Url));
    } catch {
      return null;
    }
  }
}

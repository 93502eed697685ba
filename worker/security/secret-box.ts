import { base64Url, fromBase64, fromBase64Url, toBase64, utf8 } from "./encoding";

/**
 * AES-GCM with a key derived from SECRETS_KEY and a purpose label, so a token sealed for one use
 * (say, a click link) can never be opened as another (an unsubscribe). GCM authenticates, so a
 * sealed value is both secret and tamper-proof.
 */
export class SecretBox {
  private keyPromise: Promise<CryptoKey>;

  constructor(secretsKey: string, purpose = "store-secrets") {
    this.keyPromise = crypto.subtle
      .digest("SHA-256", utf8(`${purpose}:${secretsKey}`))
      .then((raw) => crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]));
  }

  private async sealBytes(plaintext: string): Promise<Uint8Array> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await this.keyPromise, utf8(plaintext)));
    const out = new Uint8Array(iv.length + sealed.length);
    out.set(iv);
    out.set(sealed, iv.length);
    return out;
  }

  private async openBytes(bytes: Uint8Array): Promise<string> {
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: bytes.slice(0, 12) }, await this.keyPromise, bytes.slice(12));
    return new TextDecoder().decode(plain);
  }

  async seal(plaintext: string): Promise<string> {
    return toBase64(await this.sealBytes(plaintext));
  }

  async open(box: string): Promise<string> {
    return this.openBytes(fromBase64(box));
  }

  /** URL-safe token of a JSON payload. */
  async sealToken(payload: unknown): Promise<string> {
    return base64Url(await this.sealBytes(JSON.stringify(payload)));
  }

  /** The payload, or null for anything forged, truncated or sealed for another purpose. */
  async openToken(token: string): Promise<unknown> {
    try {
      return JSON.parse(await this.openBytes(fromBase64Url(token)));
    } catch {
      return null;
    }
  }
}

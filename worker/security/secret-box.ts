import { fromBase64, toBase64, utf8 } from "./encoding";

/** AES-GCM encryption of per-store secrets at rest; the key comes from SECRETS_KEY. */
export class SecretBox {
  private keyPromise: Promise<CryptoKey>;

  constructor(secretsKey: string) {
    this.keyPromise = crypto.subtle
      .digest("SHA-256", utf8(secretsKey))
      .then((raw) => crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]));
  }

  async seal(plaintext: string): Promise<string> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await this.keyPromise, utf8(plaintext));
    return `${toBase64(iv)}.${toBase64(sealed)}`;
  }

  async open(box: string): Promise<string> {
    const [iv, sealed] = box.split(".");
    if (!iv || !sealed) throw new Error("malformed sealed secret");
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: fromBase64(iv) },
      await this.keyPromise,
      fromBase64(sealed),
    );
    return new TextDecoder().decode(plain);
  }
}

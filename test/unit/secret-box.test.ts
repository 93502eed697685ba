import { describe, expect, it } from "vitest";
import { base64Url, toBase64, utf8 } from "../../worker/security/encoding";
import { SecretBox } from "../../worker/security/secret-box";

const OLD = "the-old-secrets-key-0123456789";
const NEW = "the-new-secrets-key-9876543210";

/** A value as SecretBox sealed it before key ids: AES-GCM of the purpose-derived key, iv first, no key id. */
async function sealedWithoutKeyId(secretsKey: string, purpose: string, plaintext: string) {
  const raw = await crypto.subtle.digest("SHA-256", utf8(`${purpose}:${secretsKey}`));
  const key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt"]);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, utf8(plaintext)));
  return new Uint8Array([...iv, ...sealed]);
}

describe("SecretBox key ids", () => {
  it("names the sealing key in every value and opens it after a rotation through the previous key", async () => {
    const before = new SecretBox(OLD);
    const sealed = await before.seal("whsec_abc");
    const token = await new SecretBox(OLD, "unsubscribe-link").sealToken({ s: "store_1", e: "a@b.co" });
    expect(sealed).toMatch(/^[A-Za-z0-9_-]{8}\./);
    expect(token).toMatch(/^[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+$/);

    const after = new SecretBox({ current: NEW, previous: OLD });
    expect(await after.open(sealed)).toBe("whsec_abc");
    expect(await new SecretBox({ current: NEW, previous: OLD }, "unsubscribe-link").openToken(token)).toEqual({ s: "store_1", e: "a@b.co" });
    // New values are sealed with the new key only.
    const resealed = await after.seal("whsec_abc");
    expect(resealed.split(".")[0]).not.toBe(sealed.split(".")[0]);
    await expect(new SecretBox(OLD).open(resealed)).rejects.toThrow();
  });

  it("refuses what a key it no longer has sealed, and a value moved to another purpose", async () => {
    const token = await new SecretBox(OLD, "click-link").sealToken({ s: "x" });
    expect(await new SecretBox(NEW, "click-link").openToken(token)).toBeNull();
    expect(await new SecretBox({ current: NEW, previous: OLD }, "unsubscribe-link").openToken(token)).toBeNull();
  });

  it("still opens values sealed before key ids, with the current or the previous key", async () => {
    const legacySecret = toBase64(await sealedWithoutKeyId(OLD, "store-secrets", "sk_live_klaviyo"));
    const legacyToken = base64Url(await sealedWithoutKeyId(OLD, "unsubscribe-link", JSON.stringify({ s: "store_1", e: "a@b.co" })));
    expect(await new SecretBox(OLD).open(legacySecret)).toBe("sk_live_klaviyo");
    expect(await new SecretBox({ current: NEW, previous: OLD }).open(legacySecret)).toBe("sk_live_klaviyo");
    expect(await new SecretBox({ current: NEW, previous: OLD }, "unsubscribe-link").openToken(legacyToken)).toEqual({ s: "store_1", e: "a@b.co" });
    expect(await new SecretBox(NEW, "unsubscribe-link").openToken(legacyToken)).toBeNull();
  });
});

import { z } from "zod";
import { fromBase64, utf8 } from "../security/encoding";
import { hmacSha256, timingSafeEqual } from "../security/hmac";

export const SVIX_TOLERANCE_SECONDS = 5 * 60;

/**
 * Svix (Standard Webhooks) signature check, as Resend signs its webhooks: HMAC-SHA256 of
 * `id.timestamp.body` with the base64 secret after `whsec_`; the header lists `v1,<base64>`
 * entries (several during a key rotation); timestamps older or newer than 5 minutes are refused.
 */
export async function verifySvixSignature(
  secret: string,
  headers: { id: string; timestamp: string; signature: string },
  rawBody: Uint8Array,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<boolean> {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > SVIX_TOLERANCE_SECONDS) return false;
  let key: Uint8Array;
  try {
    key = fromBase64(secret.replace(/^whsec_/, ""));
  } catch {
    return false;
  }
  const prefix = utf8(`${headers.id}.${headers.timestamp}.`);
  const signed = new Uint8Array(prefix.length + rawBody.length);
  signed.set(prefix);
  signed.set(rawBody, prefix.length);
  const expected = await hmacSha256(key, signed);
  for (const entry of headers.signature.split(" ")) {
    const [version, value] = entry.split(",");
    if (version !== "v1" || !value) continue;
    try {
      if (timingSafeEqual(expected, fromBase64(value))) return true;
    } catch {
      // not base64: not a match
    }
  }
  return false;
}

/** The fields of Resend's email webhook events that Reva reads; `tags` arrive as an object map. */
export const resendEventSchema = z.looseObject({
  type: z.string(),
  created_at: z.string(),
  data: z.looseObject({
    email_id: z.string().optional(),
    to: z.array(z.string()).optional(),
    tags: z.record(z.string(), z.string()).optional(),
    bounce: z.looseObject({ type: z.string().optional(), subType: z.string().optional(), message: z.string().optional() }).optional(),
    click: z.looseObject({ link: z.string().optional() }).optional(),
    failed: z.looseObject({ reason: z.string().optional() }).optional(),
  }),
});
export type ResendEvent = z.infer<typeof resendEventSchema>;

import { z } from "zod";

/** Seals and opens link tokens (security/SecretBox in production): authenticated and opaque. */
export type TokenSealer = {
  sealToken(payload: unknown): Promise<string>;
  /** The payload, or null for anything forged, truncated or sealed for another purpose. */
  openToken(token: string): Promise<unknown>;
};

/** A click link is bound to one store, sequence and step; `u` is an item page on the store's domain. */
export const clickTokenSchema = z.object({ s: z.string(), q: z.string(), p: z.string(), u: z.string().optional() });
export type ClickToken = z.infer<typeof clickTokenSchema>;

/** An unsubscribe link names the store and address, and the sequence whose email carried it. */
export const unsubscribeTokenSchema = z.object({ s: z.string(), e: z.string(), q: z.string().optional(), p: z.string().optional() });
export type UnsubscribeToken = z.infer<typeof unsubscribeTokenSchema>;

export const CLICK_PURPOSE = "click-link";
export const UNSUBSCRIBE_PURPOSE = "unsubscribe-link";

export async function openTyped<T>(box: TokenSealer, token: string, schema: z.ZodType<T>): Promise<T | null> {
  const parsed = schema.safeParse(await box.openToken(token));
  return parsed.success ? parsed.data : null;
}

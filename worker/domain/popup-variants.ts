import { z } from "zod";
import { multiLineText, singleLineText } from "./plain-text";

/**
 * A popup A/B test: up to 4 variants of the popup's timing and copy, each shown to a share of
 * visitors proportional to its weight. A variant overrides only the fields it sets; the rest come
 * from the base popup. An empty list means no test.
 */
export const MAX_POPUP_VARIANTS = 4;

export const popupVariantSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "expected 1–32 letters, digits, '_' or '-'"),
  weight: z.int().min(1).max(100),
  delay_seconds: z.int().min(0).max(3600).optional(),
  exit_intent: z.boolean().optional(),
  title: singleLineText(120, 1).optional(),
  body: multiLineText(500, 1).optional(),
  cta: singleLineText(60, 1).optional(),
});
export type PopupVariant = z.infer<typeof popupVariantSchema>;

export const popupVariantsSchema = z
  .array(popupVariantSchema)
  .max(MAX_POPUP_VARIANTS)
  .superRefine((variants, ctx) => {
    const seen = new Set<string>();
    variants.forEach((variant, index) => {
      if (seen.has(variant.id)) ctx.addIssue({ code: "custom", path: [index, "id"], message: `duplicate variant id "${variant.id}"` });
      seen.add(variant.id);
    });
  });

/**
 * cyrb53: a fast, well-mixed 53-bit string hash. Stable across runtimes and releases, which is
 * what matters here: a visitor must land in the same variant tomorrow and on the server's next
 * deploy. Not a security boundary (the visitor id is the Worker's own signed id).
 */
export function stableHash(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * The test's identity: a hash of the whole variant list as defined (ids, weights, timing, copy).
 * Any edit starts a new test, so its results never mix what visitors saw under two definitions,
 * and visitors are assigned afresh; null when no test runs.
 */
export function popupTestId(variants: readonly PopupVariant[]): string | null {
  if (variants.length === 0) return null;
  const canonical = variants.map((v) => [v.id, v.weight, v.delay_seconds ?? null, v.exit_intent ?? null, v.title ?? null, v.body ?? null, v.cta ?? null]);
  return `t${stableHash(JSON.stringify(canonical)).toString(36)}`;
}

/**
 * The variant this visitor sees: a point on [0, total weight) drawn from a hash of the store, the
 * test and the visitor, so the same visitor gets the same variant on every visit and device the
 * Worker ties to them, and visitors split by weight.
 */
export function assignVariant(storeId: string, testId: string, visitorId: string, variants: readonly PopupVariant[]): PopupVariant | null {
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  if (total === 0) return null;
  let point = (stableHash(`${storeId}\u0000${testId}\u0000${visitorId}`) / 2 ** 53) * total;
  for (const variant of variants) {
    if (point < variant.weight) return variant;
    point -= variant.weight;
  }
  // Only floating-point rounding of a hash a hair below 2^53 can land exactly on the total.
  return variants[variants.length - 1] ?? null;
}

/** A variant recorded with an event: which test, which variant. */
export type VariantRef = { test: string; id: string };

/** The running test's variant for this visitor, or null when no test runs. */
export function variantFor(storeId: string, visitorId: string, variants: readonly PopupVariant[]): (VariantRef & { variant: PopupVariant }) | null {
  const test = popupTestId(variants);
  if (test === null) return null;
  const variant = assignVariant(storeId, test, visitorId, variants);
  return variant && { test, id: variant.id, variant };
}

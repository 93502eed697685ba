import { z } from "zod";
import type { Cart } from "./cart";
import { POPUP_EVENTS } from "./catalogue";
import { popupVariantSchema, type PopupVariant } from "./popup-variants";
import type { StoredSettings } from "./settings";

/** The signed visitor the Worker minted (security/visitor-token): without it a visitor is new. */
const visitorToken = z.string().min(1).max(200);

export const widgetSessionSchema = z.strictObject({
  visitor_id: z.string().min(1).max(100),
  visitor_token: visitorToken.optional(),
  cart_token: z.string().min(1).max(200).optional(),
  ga_client_id: z.string().min(1).max(100).optional(),
});
export type WidgetSessionInput = z.infer<typeof widgetSessionSchema>;

export const widgetEventSchema = z.strictObject({
  visitor_id: z.string().min(1).max(100),
  visitor_token: visitorToken.optional(),
  sequence_id: z.string().min(1).max(100),
  event: z.enum(POPUP_EVENTS),
  /** The A/B test variant the popup showed (the offer's `variant`), when a test runs. */
  variant: popupVariantSchema.shape.id.optional(),
});
export type WidgetEventInput = z.infer<typeof widgetEventSchema>;

export const popupOfferSchema = z.object({
  sequence_id: z.string(),
  items: z.array(z.object({ title: z.string(), price: z.string(), quantity: z.number(), image_url: z.string().nullable().optional() })),
  total_price: z.string(),
  currency: z.string(),
  checkout_url: z.string(),
  delay_seconds: z.number(),
  /** Open when the pointer leaves the page (desktop) instead of after the delay; touch screens keep the delay. */
  exit_intent: z.boolean(),
  dismiss_hours: z.number(),
  copy: z.object({ title: z.string(), body: z.string(), cta: z.string(), dismiss_label: z.string() }),
  /** While a popup A/B test runs: the visitor's variant, whose timing and copy this offer carries; the widget reports it with its events. */
  variant: z.string().optional(),
});
export type PopupOffer = z.infer<typeof popupOfferSchema>;

/**
 * The popup, and the visitor the Worker knows this browser as (a newly minted one when the
 * request's was not signed); the widget keeps both and presents them on later calls.
 */
export const widgetSessionAnswerSchema = z.object({
  popup: popupOfferSchema.nullable(),
  visitor_id: z.string(),
  visitor_token: z.string(),
});
export type WidgetSessionAnswer = z.infer<typeof widgetSessionAnswerSchema>;

/**
 * Whose cart it is, from the storefront's evidence only: the visitor it was ingested with
 * (`POST /api/v1/carts` with the secret key), else, for a Shopify checkout, the visitor who
 * reported its cart token (the `cart` cookie) before the checkout existed. Naming a token
 * afterwards proves nothing: tokens travel in links and logs.
 */
export function cartOwner(cart: { visitorId: string | null; aliasToken: string | null }, claimOfAlias: string | null): string | null {
  return cart.visitorId ?? (cart.aliasToken ? claimOfAlias : null);
}

/**
 * The popup as the widget shows it: the cart as the sequence saw it, in the store's words; an
 * A/B test variant's timing and copy replace the base popup's where the variant sets them.
 */
export function popupOffer(sequenceId: string, cart: Cart, base: StoredSettings["popup"], variant: PopupVariant | null = null): PopupOffer {
  const popup = { ...base, ...variant };
  return {
    sequence_id: sequenceId,
    items: cart.items.map(({ title, price, quantity, image_url }) => ({ title, price, quantity, image_url })),
    total_price: cart.total_price,
    currency: cart.currency,
    checkout_url: cart.checkout_url,
    delay_seconds: popup.delay_seconds,
    exit_intent: popup.exit_intent,
    dismiss_hours: popup.dismiss_hours,
    copy: { title: popup.title, body: popup.body, cta: popup.cta, dismiss_label: popup.dismiss_label },
    ...(variant ? { variant: variant.id } : {}),
  };
}

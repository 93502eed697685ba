import { z } from "zod";
import type { Env } from "../config";
import type { Database } from "../db/client";
import { findSequenceRow } from "../db/sequences";
import type { Store } from "../db/stores";
import { findSequenceForCart, findVisitorCart } from "../db/widget-queries";
import { cartSequence } from "../durable/cart-sequences";
import { notFound } from "../errors";
import type { Cart } from "./cart";
import type { StepState } from "./sequence";

export const widgetSessionSchema = z.strictObject({
  visitor_id: z.string().min(1).max(100),
  cart_token: z.string().min(1).max(200).optional(),
  ga_client_id: z.string().min(1).max(100).optional(),
});

export const widgetEventSchema = z.strictObject({
  visitor_id: z.string().min(1).max(100),
  sequence_id: z.string().min(1).max(100),
  event: z.enum(["shown", "clicked", "dismissed"]),
});

export const popupOfferSchema = z.object({
  sequence_id: z.string(),
  items: z.array(z.object({ title: z.string(), price: z.string(), quantity: z.number(), image_url: z.string().nullable().optional() })),
  total_price: z.string(),
  currency: z.string(),
  checkout_url: z.string(),
  delay_seconds: z.number(),
  dismiss_hours: z.number(),
  copy: z.object({ title: z.string(), body: z.string(), cta: z.string(), dismiss_label: z.string() }),
});
export type PopupOffer = z.infer<typeof popupOfferSchema>;

/**
 * What the widget should do for this visitor: the popup when their cart's sequence is active and
 * its popup step has come due. The visitor and GA client ids are attached to the cart so later
 * touches can be joined to the shopper's analytics.
 */
export async function openWidgetSession(env: Pick<Env, "CART_SEQUENCE">, db: Database, store: Store, input: z.infer<typeof widgetSessionSchema>): Promise<PopupOffer | null> {
  const cart = await findVisitorCart(db, store.id, input.visitor_id, input.cart_token);
  if (!cart) return null;
  // A cart already seen with another visitor is theirs: its items and checkout link stay private.
  if (cart.visitorId && cart.visitorId !== input.visitor_id) return null;
  if (!cart.visitorId || (input.ga_client_id && cart.gaClientId !== input.ga_client_id)) {
    await cartSequence(env, store.id, cart.cartToken).attachVisitor(input.visitor_id, input.ga_client_id ?? null);
  }
  const sequence = await findSequenceForCart(db, store.id, cart.cartToken);
  // "completed" too: a popup that was the plan's last step still waits for the shopper's visit.
  if (!sequence || (sequence.status !== "active" && sequence.status !== "completed")) return null;
  const popupDue = (sequence.steps as StepState[]).some((step) => step.channel === "popup" && step.status === "sent");
  if (!popupDue) return null;
  const snapshot = sequence.cart as Cart;
  const { popup } = store.settings;
  return {
    sequence_id: sequence.id,
    items: snapshot.items.map(({ title, price, quantity, image_url }) => ({ title, price, quantity, image_url })),
    total_price: snapshot.total_price,
    currency: snapshot.currency,
    checkout_url: snapshot.checkout_url,
    delay_seconds: popup.delay_seconds,
    dismiss_hours: popup.dismiss_hours,
    copy: { title: popup.title, body: popup.body, cta: popup.cta, dismiss_label: popup.dismiss_label },
  };
}

/** Only the visitor the cart belongs to can report its popup, so a public key cannot fake touches. */
export async function recordWidgetEvent(env: Pick<Env, "CART_SEQUENCE">, db: Database, store: Store, input: z.infer<typeof widgetEventSchema>) {
  const row = await findSequenceRow(db, store.id, input.sequence_id);
  if (!row || (row.cart as Cart).visitor_id !== input.visitor_id) throw notFound("sequence");
  await cartSequence(env, store.id, row.cartToken).recordPopupEvent(input.event);
}

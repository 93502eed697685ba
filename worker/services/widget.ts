import { findSequenceRowForCart } from "../db/sequences";
import { findVisitorCart } from "../db/visitor-carts";
import { notFound } from "../domain/errors";
import { popupIsDue } from "../domain/sequence";
import { popupOffer, type PopupOffer, type WidgetEventInput, type WidgetSessionInput } from "../domain/widget";
import { cartSequenceStub, sequenceStub } from "../durable/client";
import type { StoreContext } from "./context";

/**
 * What the widget should do for this visitor: the popup when their cart's sequence is still
 * running (or has just run its last step) and its popup step has come due. The visitor and GA client ids are attached to the cart so later
 * touches can be joined to the shopper's analytics.
 */
export async function openWidgetSession({ env, db, store }: StoreContext, input: WidgetSessionInput): Promise<PopupOffer | null> {
  const cart = await findVisitorCart(db, store.id, input.visitor_id, input.cart_token);
  if (!cart) return null;
  // A cart already seen with another visitor is theirs: its items and checkout link stay private.
  if (cart.visitorId && cart.visitorId !== input.visitor_id) return null;
  if (!cart.visitorId || (input.ga_client_id && cart.gaClientId !== input.ga_client_id)) {
    await cartSequenceStub(env, store.id, cart.cartToken).attachVisitor(input.visitor_id, input.ga_client_id ?? null);
  }
  const sequence = await findSequenceRowForCart(db, store.id, cart.cartToken);
  // "completed" too: a popup that was the plan's last step still waits for the shopper's visit.
  if (!sequence || (sequence.status !== "active" && sequence.status !== "completed")) return null;
  if (!popupIsDue(sequence.steps)) return null;
  return popupOffer(sequence.id, sequence.cart, store.settings.popup);
}

/** Only the visitor the cart belongs to can report its popup, so a public key cannot fake touches. */
export async function recordWidgetEvent({ env, db, store }: StoreContext, input: WidgetEventInput) {
  const found = await sequenceStub(env, db, store.id, input.sequence_id);
  if (!found || found.row.cart.visitor_id !== input.visitor_id) throw notFound("sequence");
  await found.stub.recordPopupEvent(input.event);
}

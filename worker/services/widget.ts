import { requireSecretsKey } from "../config";
import { findSequenceRowForCart } from "../db/sequences";
import { cartTokenClaimant, claimCartToken, findVisitorCart } from "../db/visitor-carts";
import { AppError, notFound } from "../domain/errors";
import { variantFor, type VariantRef } from "../domain/popup-variants";
import { popupIsDue } from "../domain/sequence";
import { cartOwner, popupOffer, type PopupOffer, type WidgetEventInput, type WidgetSessionAnswer, type WidgetSessionInput } from "../domain/widget";
import { cartSequenceStub, sequenceStub } from "../durable/client";
import { mintVisitor, signVisitor, verifyVisitorToken, type Visitor } from "../security/visitor-token";
import type { StoreContext } from "./context";
import { limitWidgetCaller, type WidgetCaller } from "./widget-rate-limit";

/** The visitor the request proves it is (its id and the token minted for it), or null. */
async function provenVisitor({ config, store }: StoreContext, input: { visitor_id: string; visitor_token?: string | undefined }): Promise<Visitor | null> {
  if (!input.visitor_token) return null;
  const id = await verifyVisitorToken(requireSecretsKey(config), store.id, input.visitor_token);
  return id !== null && id === input.visitor_id ? { id, token: input.visitor_token } : null;
}

/**
 * The popup for this visitor's cart, when the cart is theirs by the storefront's evidence
 * (domain/widget `cartOwner`) and its sequence's popup step has come due. A token that names no
 * cart yet is claimed for the visitor: that is how a Shopify checkout created later from the same
 * `cart` cookie becomes theirs. The visitor and GA client ids are attached to the cart so later
 * touches can be joined to the shopper's analytics.
 */
async function popupFor({ env, db, store }: StoreContext, visitorId: string, input: WidgetSessionInput): Promise<PopupOffer | null> {
  const cart = await findVisitorCart(db, store.id, visitorId, input.cart_token);
  if (!cart) {
    if (input.cart_token) await claimCartToken(db, store.id, input.cart_token, visitorId, new Date());
    return null;
  }
  const claimant = cart.visitorId === null && cart.aliasToken ? await cartTokenClaimant(db, store.id, cart.aliasToken) : null;
  // Anyone else's cart, or nobody's: its items and checkout link stay private.
  if (cartOwner(cart, claimant) !== visitorId) return null;
  if (!cart.visitorId || (input.ga_client_id && cart.gaClientId !== input.ga_client_id)) {
    await cartSequenceStub(env, store.id, cart.cartToken).attachVisitor(visitorId, input.ga_client_id ?? null);
  }
  const sequence = await findSequenceRowForCart(db, store.id, cart.cartToken);
  // "completed" too: a popup that was the plan's last step still waits for the shopper's visit.
  if (!sequence || (sequence.status !== "active" && sequence.status !== "completed")) return null;
  if (!popupIsDue(sequence.steps)) return null;
  // The dismissal lives in the cart's object, so another tab or device of this cart honours it too.
  if (await cartSequenceStub(env, store.id, cart.cartToken).popupSnoozed(store.settings.popup.dismiss_hours)) return null;
  const assigned = variantFor(store.id, visitorId, store.settings.popup.variants);
  return popupOffer(sequence.id, sequence.cart, store.settings.popup, assigned?.variant ?? null);
}

/**
 * The variant an event counts for: the one the widget reports (the offer's), when it is still the
 * visitor's in the running test. One that is no longer theirs was shown under a test since edited
 * or ended, and no report means the offer carried none: either way the event counts for no variant
 * rather than for one the visitor never saw.
 */
function eventVariant({ store }: StoreContext, visitorId: string, reported: string | undefined): VariantRef | null {
  const assigned = variantFor(store.id, visitorId, store.settings.popup.variants);
  if (!assigned || reported !== assigned.id) return null;
  return { test: assigned.test, id: assigned.id };
}

/**
 * An unsigned `visitor_id` the merchant ingested this cart with (`POST /api/v1/carts` with the
 * secret key): the storefront's own evidence, as SPEC §5 sends it. It never claims an unbound cart.
 */
async function vouchedVisitor({ db, config, store }: StoreContext, input: WidgetSessionInput): Promise<Visitor | null> {
  if (!input.cart_token) return null;
  const cart = await findVisitorCart(db, store.id, input.visitor_id, input.cart_token);
  return cart?.visitorId === input.visitor_id ? signVisitor(requireSecretsKey(config), store.id, input.visitor_id) : null;
}

/**
 * What the widget should do for this browser. A request without a valid signed visitor is a new
 * visitor (the Worker mints one), unless the merchant ingested the named cart with its id: an id
 * alone never binds a cart nor claims one that has no visitor.
 */
export async function openWidgetSession(ctx: StoreContext, input: WidgetSessionInput, caller: WidgetCaller): Promise<WidgetSessionAnswer> {
  const proven = await provenVisitor(ctx, input);
  await limitWidgetCaller(ctx, { visitorId: proven?.id ?? null, address: caller.address });
  const visitor = proven ?? (await vouchedVisitor(ctx, input)) ?? (await mintVisitor(requireSecretsKey(ctx.config), ctx.store.id));
  return { popup: await popupFor(ctx, visitor.id, input), visitor_id: visitor.id, visitor_token: visitor.token };
}

/**
 * Only the signed visitor the cart belongs to can report its popup, so a public key cannot fake
 * touches; each event counts once per step and visitor (domain/sequence `recordPopupEvent`).
 */
export async function recordWidgetEvent(ctx: StoreContext, input: WidgetEventInput, caller: WidgetCaller) {
  const proven = await provenVisitor(ctx, input);
  await limitWidgetCaller(ctx, { visitorId: proven?.id ?? null, address: caller.address });
  const found = await sequenceStub(ctx.env, ctx.db, ctx.store.id, input.sequence_id);
  // Unsigned, the id counts only when it is the one the cart belongs to (SPEC §5 events carry no token).
  const visitorId = proven?.id ?? (found?.row.cart.visitor_id === input.visitor_id ? input.visitor_id : null);
  if (!visitorId) throw new AppError("unauthorized", "visitor_token: missing, or not the one this store's widget session gave visitor_id");
  if (!found || found.row.cart.visitor_id !== visitorId) throw notFound("sequence");
  await found.stub.recordPopupEvent(input.event, visitorId, eventVariant(ctx, visitorId, input.variant));
}

import { sql } from "drizzle-orm";
import type { Cart } from "../domain/cart";
import { currentStepId, type SequenceState } from "../domain/sequence";
import type { Database } from "./client";
import { carts, sequences, timelineEvents } from "./schema";

function upsertCart(db: Database, storeId: string, cart: Cart) {
  const cartRow = {
    storeId,
    cartToken: cart.token,
    aliasToken: cart.alias_token,
    email: cart.customer_email,
    customerId: cart.customer_id,
    acceptsMarketing: cart.accepts_marketing,
    currency: cart.currency,
    totalPrice: cart.total_price,
    checkoutUrl: cart.checkout_url,
    items: cart.items,
    visitorId: cart.visitor_id,
    gaClientId: cart.ga_client_id,
    updatedAt: cart.updated_at,
  };
  const { storeId: _s, cartToken: _c, ...cartUpdate } = cartRow;
  return db
    .insert(carts)
    .values(cartRow)
    .onConflictDoUpdate({ target: [carts.storeId, carts.cartToken], set: cartUpdate, setWhere: sql`excluded.updated_at >= ${carts.updatedAt}` });
}

export async function projectCart(db: Database, storeId: string, cart: Cart) {
  await upsertCart(db, storeId, cart).run();
}

/**
 * Writes a cart's Durable Object state to D1 in one atomic batch: the cart (when it changed),
 * the sequence row (only if this version is newer than the stored one) and the new timeline
 * events (ignored if already there). Replaying it after a crash or a retry changes nothing and
 * counts nothing twice.
 */
export async function projectSequence(db: Database, state: SequenceState, options: { withCart: boolean }) {
  const storeId = state.store_id;

  const sequenceRow = {
    id: state.id,
    storeId,
    cartToken: state.cart_token,
    status: state.status,
    sequenceType: state.sequence_type,
    currentStep: currentStepId(state.steps),
    customerEmail: state.cart.customer_email,
    steps: state.steps,
    cart: state.cart,
    startedAt: state.started_at,
    stoppedReason: state.stopped_reason,
    version: state.version,
  };
  const { id: _id, storeId: _st, cartToken: _ct, startedAt: _sa, ...sequenceUpdate } = sequenceRow;
  const upsertSequence = db
    .insert(sequences)
    .values(sequenceRow)
    .onConflictDoUpdate({ target: sequences.id, set: sequenceUpdate, setWhere: sql`excluded.version > ${sequences.version}` });
  const events = state.unprojected.map((event) =>
    db
      .insert(timelineEvents)
      .values({
        id: event.id,
        sequenceId: state.id,
        storeId,
        at: event.at,
        type: event.type,
        step: event.step,
        detail: event.detail,
        amountCents: event.amount_cents,
        popupTest: event.variant?.test ?? null,
        popupVariant: event.variant?.id ?? null,
      })
      .onConflictDoNothing(),
  );
  if (options.withCart) await db.batch([upsertCart(db, storeId, state.cart), upsertSequence, ...events]);
  else await db.batch([upsertSequence, ...events]);
}

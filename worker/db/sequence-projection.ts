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

/** The sequence's D1 row as the object's state makes it. */
function sequenceRowOf(state: SequenceState) {
  return {
    id: state.id,
    storeId: state.store_id,
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
}

/**
 * What a projection of `state` would change in the sequence's row, as two keys to compare with
 * the last projection's: `indexed` (the columns D1's indexes and status trigger are on) and
 * `rest` (the other columns the list and detail views read; not the version).
 */
export function sequenceRowKeys(state: SequenceState) {
  const { status, customerEmail, currentStep, steps, cart, stoppedReason } = sequenceRowOf(state);
  return { indexed: JSON.stringify([status, customerEmail]), rest: JSON.stringify([currentStep, steps, cart, stoppedReason]) };
}

/**
 * How much of the sequence's row a projection writes: `full` (a new row, or its status or
 * address changed), `unindexed` (the same status and address: they are left out of the update,
 * so D1 rewrites neither their index entries nor runs the status trigger) or `none` (the row
 * shows nothing new, as after a delivery event: only the timeline grows).
 */
export type RowWrite = "full" | "unindexed" | "none";

/**
 * Writes a cart's Durable Object state to D1 in one atomic batch: the cart (when it changed),
 * the sequence row (only if this version is newer than the stored one, and only the columns
 * `row` says) and the new timeline events (ignored if already there). Replaying it after a crash
 * or a retry changes nothing and counts nothing twice.
 */
export async function projectSequence(db: Database, state: SequenceState, options: { withCart: boolean; row?: RowWrite }) {
  const [first, ...rest] = projectionStatements(db, state, options);
  if (first) await db.batch([first, ...rest]);
}

/** A state to project and how much of it (see projectSequence). */
export type SequenceProjection = { state: SequenceState; withCart: boolean; row: RowWrite };

/**
 * Writes several objects' states in one atomic batch: the projections a queue consumer was handed
 * back by the objects of its delivery (see CartSequence.handBack). Each statement stays within
 * D1's 100 bound parameters.
 */
export async function projectSequences(db: Database, projections: SequenceProjection[]) {
  const [first, ...rest] = projections.flatMap(({ state, ...options }) => projectionStatements(db, state, options));
  if (first) await db.batch([first, ...rest]);
}

function projectionStatements(db: Database, state: SequenceState, options: { withCart: boolean; row?: RowWrite }) {
  const storeId = state.store_id;
  const row = options.row ?? "full";
  const sequenceRow = sequenceRowOf(state);
  const { id: _id, storeId: _st, cartToken: _ct, startedAt: _sa, ...fullUpdate } = sequenceRow;
  const { status: _status, customerEmail: _email, ...unindexedUpdate } = fullUpdate;
  const upsertSequence = db
    .insert(sequences)
    .values(sequenceRow)
    .onConflictDoUpdate({ target: sequences.id, set: row === "full" ? fullUpdate : unindexedUpdate, setWhere: sql`excluded.version > ${sequences.version}` });
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
  return [...(options.withCart ? [upsertCart(db, storeId, state.cart)] : []), ...(row === "none" ? [] : [upsertSequence]), ...events];
}

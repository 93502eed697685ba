import type { Cart } from "../domain/cart";
import { cartSequenceStub } from "../durable/client";
import type { StoreContext } from "./context";

/** Hands cart activity to the cart's Durable Object, which starts or reschedules its sequence. */
export function ingestCart({ env, store }: Pick<StoreContext, "env" | "store">, input: { cart: Cart; origin: string }) {
  return cartSequenceStub(env, store.id, input.cart.token).ingestCart(store.id, input.cart, store.settings.steps, input.origin);
}

/** As `ingestCart`, from the ingest queue: the object hands its projection back (see projectHandedBack). */
export function ingestQueuedCart({ env, store }: Pick<StoreContext, "env" | "store">, input: { cart: Cart; origin: string }) {
  return cartSequenceStub(env, store.id, input.cart.token).ingestQueuedCart(store.id, input.cart, store.settings.steps, input.origin);
}

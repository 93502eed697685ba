import type { Env } from "../config";
import type { Store } from "../db/stores";
import { cartSequence } from "../durable/cart-sequences";
import type { Cart } from "./cart";

/** Hands cart activity to the cart's Durable Object, which starts or reschedules its sequence. */
export function ingestCart(env: Pick<Env, "CART_SEQUENCE">, store: Store, cart: Cart, origin: string) {
  return cartSequence(env, store.id, cart.token).ingestCart(store.id, cart, store.settings.steps, origin);
}

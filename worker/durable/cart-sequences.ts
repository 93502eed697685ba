import type { Env } from "../config";

/** The one place that knows how a cart's Durable Object is named (SPEC §1: `storeId:cartToken`). */
export function cartSequence(env: Pick<Env, "CART_SEQUENCE">, storeId: string, cartToken: string) {
  return env.CART_SEQUENCE.get(env.CART_SEQUENCE.idFromName(`${storeId}:${cartToken}`));
}

export type CartSequenceStub = ReturnType<typeof cartSequence>;

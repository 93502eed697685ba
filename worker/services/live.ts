import { storeLiveStub } from "../durable/client";
import type { StoreContext } from "./context";

/** The store's Server-Sent Events stream of change notices, passed through from its live object. */
export function openLiveStream({ env, store }: StoreContext): Promise<Response> {
  return storeLiveStub(env, store.id).fetch("https://store-live/stream");
}

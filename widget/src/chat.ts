import type { PopupOffer } from "./api";
import { chatMessage } from "./chat-message";
import { checkoutLink } from "./format";

/**
 * What a chat widget registered with `Reva.useChat(handler)` receives instead of the popup:
 * the offer to show in its conversation, and what to call when the shopper acts on it
 * (`accept()` when they follow `checkout_url`, `dismiss()` for "not now").
 */
export interface ChatOffer {
  message: string;
  items: PopupOffer["items"];
  total_price: PopupOffer["total_price"];
  currency: string;
  /** With the on-site UTM parameters, like the popup's button. */
  checkout_url: string;
  sequence_id: string;
  accept(): void;
  dismiss(): void;
}

export type ChatHandler = (offer: ChatOffer) => void;

export function chatOffer(offer: PopupOffer, actions: Pick<ChatOffer, "accept" | "dismiss">): ChatOffer {
  const { copy } = offer;
  return {
    message: chatMessage(copy),
    items: offer.items || [],
    total_price: offer.total_price,
    currency: offer.currency,
    checkout_url: checkoutLink(offer.checkout_url),
    sequence_id: offer.sequence_id,
    ...actions,
  };
}

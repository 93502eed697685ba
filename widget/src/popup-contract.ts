import type { PopupOffer } from "./api";

/** What the shopper did in the popup; the loader reports it and decides what follows. */
export interface PopupHandlers {
  onCheckout(): void;
  onDismiss(): void;
}

/**
 * The popup module (`widget-popup.js`) as the loader sees it: it opens the popup for an offer and
 * returns the function that closes it. The module registers itself on `window` when it runs, so a
 * classic script tag loads it (no CORS, no module support needed on the storefront).
 */
export interface PopupModule {
  open(offer: PopupOffer, handlers: PopupHandlers): () => void;
}

declare global {
  interface Window {
    RevaPopup?: PopupModule;
  }
}

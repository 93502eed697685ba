import { createApi, type PopupCopy, type PopupEvent, type PopupOffer } from "./api";
import { bareCartToken, gaClientId, knownVisitor, rememberVisitor, type Visitor } from "./identity";
import type { PopupModule } from "./popup-contract";
import { readStored, writeStored } from "./storage";
import { isBuyingPage } from "./buying-page";
import { canSenseExitIntent, onExitIntent } from "./triggers";
import { chatOffer, type ChatHandler } from "./chat";
import { pageCartToken } from "./cart";

/*
 * The loader every storefront page view runs: it keeps the visitor, asks the Worker whether this
 * visitor has an offer, and times the popup. The popup's code (popup-main.tsx, built as
 * widget-popup.js next to this file) is fetched only when there is an offer and no chat widget
 * took it over with `Reva.useChat`. `reva:ready` on window tells scripts that ran first that
 * `window.Reva` is there.
 */

type Listener = (detail: { sequence_id: string }) => void;

interface RevaApi {
  show(): void;
  hide(): void;
  on(event: string, fn: Listener): () => void;
  /** A cart token, or a cart object with a `token` (Shopify's `/cart.js` shape): for stores not on Shopify. */
  setCart(cart: string | { token?: string }): void;
  /** The chat widget that shows the offer instead of the popup; null hands it back to the popup. */
  useChat(handler: ChatHandler | null): void;
}

declare global {
  interface Window {
    Reva?: RevaApi;
  }
}

const DISMISSED_KEY = "reva_dismissed_until";
const DEFAULT_DISMISS_HOURS = 24;
const DEFAULT_COPY: PopupCopy = {
  title: "You left something in your cart",
  body: "",
  cta: "Complete purchase",
  dismiss_label: "Maybe later",
};

// document.currentScript is only set while this file first runs, so it is read here,
// synchronously, before anything asynchronous happens.
const currentScript = (document.currentScript ??
  document.querySelector('script[src*="widget.js"][data-key]')) as HTMLScriptElement | null;

function start(script: HTMLScriptElement): void {
  const publishableKey = script.dataset.key;
  if (!publishableKey) return;
  const api = createApi(new URL(script.src, location.href).origin, publishableKey);
  // Set once the Worker answers; events are only ever reported for an offer, which comes with it.
  let visitor: Visitor | null = null;
  const listeners: Record<PopupEvent, Listener[]> = { shown: [], clicked: [], dismissed: [] };

  const guard =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R | undefined => {
      try {
        return fn(...args);
      } catch {
        return undefined;
      }
    };

  let offer: PopupOffer | null = null;
  let showWhenReady = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Set from show() until hide(): the popup is open, or its module is on its way.
  let wanted = false;
  // At most once per page view, however it was triggered.
  let shownThisView = false;
  let close: (() => void) | null = null;
  let popupModule: Promise<PopupModule | null> | null = null;
  let chat: ChatHandler | null = null;
  // The last cart token told to the Worker, so setCart with the same cart asks nothing again.
  let sentCart: string | undefined;
  let sessions: Promise<void> = Promise.resolve();

  function emit(event: PopupEvent): void {
    if (!offer || !visitor) return;
    const detail = { sequence_id: offer.sequence_id };
    api.report({ visitor_id: visitor.id, visitor_token: visitor.token, sequence_id: offer.sequence_id, event, variant: offer.variant });
    for (const fn of listeners[event]) {
      try {
        fn(detail);
      } catch {
        // A host page listener must not break the widget.
      }
    }
    window.dispatchEvent(new CustomEvent(`reva:popup-${event}`, { detail }));
  }

  /** A classic script tag, like widget.js itself: allowed wherever widget.js is, and no CORS needed. */
  function loadPopup(): Promise<PopupModule | null> {
    popupModule =
      popupModule ??
      new Promise((resolve) => {
        if (window.RevaPopup) return resolve(window.RevaPopup);
        const tag = document.createElement("script");
        tag.src = new URL("widget-popup.js", script.src).href;
        tag.async = true;
        tag.onload = () => resolve(window.RevaPopup ?? null);
        tag.onerror = () => {
          popupModule = null;
          resolve(null);
        };
        document.head.appendChild(tag);
      });
    return popupModule;
  }

  function show(): void {
    clearTimeout(timer);
    if (!offer) {
      showWhenReady = true;
      return;
    }
    if (wanted || shownThisView || isBuyingPage(location.pathname)) return;
    if (chat) return handToChat(chat, offer);
    wanted = true;
    const current = offer;
    loadPopup()
      .then((popup) => {
        if (!popup || !document.body) wanted = false;
        if (!popup || !wanted || close || !document.body) return;
        shownThisView = true;
        close = popup.open(current, { onCheckout: () => emit("clicked"), onDismiss: guard(dismiss) });
        emit("shown");
      })
      .catch(() => {
        wanted = false;
      });
  }

  /** The chat shows the offer instead of the popup; shown/clicked are reported as for the popup, once each. */
  function handToChat(handler: ChatHandler, current: PopupOffer): void {
    shownThisView = true;
    let clicked = false;
    emit("shown");
    handler(
      chatOffer(current, {
        accept: guard(() => {
          if (!clicked) emit("clicked");
          clicked = true;
        }),
        dismiss: guard(dismiss),
      }),
    );
  }

  function hide(): void {
    clearTimeout(timer);
    showWhenReady = false;
    wanted = false;
    const closing = close;
    close = null;
    closing?.();
  }

  function dismiss(): void {
    const hours = offer?.dismiss_hours ?? DEFAULT_DISMISS_HOURS;
    writeStored(DISMISSED_KEY, String(Date.now() + hours * 3_600_000));
    emit("dismissed");
    hide();
  }

  function on(event: string, fn: Listener): () => void {
    const name = event.replace(/^reva:/, "").replace(/^popup-/, "") as PopupEvent;
    const list = listeners[name];
    if (!list || typeof fn !== "function") return () => {};
    list.push(fn);
    return () => {
      const index = list.indexOf(fn);
      if (index >= 0) list.splice(index, 1);
    };
  }

  /**
   * Tells the Worker this visitor's cart; the first answer with an offer starts its timing. One
   * request at a time, so a first visit mints one visitor however early setCart is called.
   */
  function startSession(cart: string | undefined): void {
    sentCart = cart;
    sessions = sessions
      .then(() => {
        const known = visitor ?? knownVisitor(script);
        const body = { visitor_id: known?.id ?? "new", visitor_token: known?.token, cart_token: cart, ga_client_id: gaClientId() };
        return api.startSession(body);
      })
      .then(guard(onSession))
      .catch(() => {});
  }

  function setCart(cart: string | { token?: string }): void {
    const token = bareCartToken(typeof cart === "string" ? cart : cart?.token);
    if (token && token !== sentCart) startSession(token);
  }

  window.Reva = {
    show: guard(show),
    hide: guard(hide),
    on: (event, fn) => guard(on)(event, fn) ?? (() => {}),
    setCart: guard(setCart),
    useChat: guard((handler: ChatHandler | null) => {
      chat = typeof handler === "function" ? handler : null;
    }),
  };
  window.dispatchEvent(new CustomEvent("reva:ready"));

  function onSession(session: Awaited<ReturnType<typeof api.startSession>>): void {
    if (!session) return;
    visitor = session.visitor;
    rememberVisitor(session.visitor);
    const popup = session.popup;
    if (offer || !popup || isBuyingPage(location.pathname)) return;
    offer = { ...popup, copy: { ...DEFAULT_COPY, ...popup.copy } };
    if (!chat) void loadPopup();
    if (showWhenReady) return show();
    const dismissedUntil = Number(readStored(DISMISSED_KEY)) || 0;
    if (dismissedUntil > Date.now()) return;
    if (popup.exit_intent && canSenseExitIntent()) onExitIntent(guard(show));
    else timer = setTimeout(guard(show), Math.max(0, Number(popup.delay_seconds) || 0) * 1000);
  }

  // Skipped when setCart already told the Worker a cart while /cart.js was being read.
  void pageCartToken(script).then((cart) => {
    if (sentCart === undefined) startSession(cart);
  });
}

try {
  if (currentScript && !window.Reva) start(currentScript);
} catch {
  // Never throw into the host page.
}

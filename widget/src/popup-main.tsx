import { render } from "preact";
import { bindDialogKeys } from "./dialog-keys";
import { Popup } from "./popup";
import type { PopupModule } from "./popup-contract";
import popupCss from "./popup.css?inline";

/**
 * The popup's code, fetched by the loader (main.ts) only when the visitor has an offer: Preact,
 * the dialog and its styles stay off every other storefront page view.
 */
let container: HTMLElement | null = null;

function mount(): HTMLElement {
  const host = document.createElement("div");
  host.id = "reva-widget";
  const shadow = host.attachShadow({ mode: "open" });
  // A constructed sheet is not an inline <style>, so a page whose CSP forbids inline style (the demo, many storefronts) still styles the popup.
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(popupCss);
  shadow.adoptedStyleSheets = [sheet];
  const root = document.createElement("div");
  shadow.append(root);
  document.body.appendChild(host);
  return root;
}

const popupModule: PopupModule = {
  open(offer, { onCheckout, onDismiss }) {
    const root = (container = container ?? mount());
    const focusBeforeOpen = document.activeElement;
    render(<Popup offer={offer} onCheckout={onCheckout} onDismiss={onDismiss} />, root);
    const shadow = root.getRootNode() as ShadowRoot;
    const unbindKeys = bindDialogKeys(shadow, onDismiss);
    shadow.querySelector<HTMLElement>('[role="dialog"]')?.focus();
    return () => {
      unbindKeys();
      render(null, root);
      if (focusBeforeOpen instanceof HTMLElement) focusBeforeOpen.focus();
    };
  },
};

window.RevaPopup = window.RevaPopup ?? popupModule;

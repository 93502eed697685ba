import type { PopupOffer } from "./api";
import { checkoutLink, formatMoney } from "./format";

const MAX_ITEMS = 3;

interface PopupProps {
  offer: PopupOffer;
  onCheckout: () => void;
  onDismiss: () => void;
}

export function Popup({ offer, onCheckout, onDismiss }: PopupProps) {
  const { copy, currency } = offer;
  const items = offer.items || [];
  const hiddenCount = items.length - MAX_ITEMS;

  return (
    <div
      class="backdrop"
      onClick={(event) => {
        if (event.target === event.currentTarget) onDismiss();
      }}
    >
      <div
        class="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="reva-title"
        aria-describedby={copy.body ? "reva-body" : undefined}
        tabIndex={-1}
        data-testid="reva-popup"
      >
        <button type="button" class="close" aria-label="Close" onClick={onDismiss}>
          <span aria-hidden="true">×</span>
        </button>
        <h2 id="reva-title">{copy.title}</h2>
        {copy.body ? <p id="reva-body">{copy.body}</p> : null}
        <ul class="items" aria-label="Items in your cart">
          {items.slice(0, MAX_ITEMS).map((item, index) => (
            <li key={index} class="item">
              {item.image_url ? <img src={item.image_url} alt="" width={48} height={48} loading="lazy" /> : <span class="thumb" />}
              <span class="name">
                {item.title}
                {item.quantity > 1 ? <span class="qty"> × {item.quantity}</span> : null}
              </span>
              <span class="price">{formatMoney(Number(item.price) * (item.quantity || 1), currency)}</span>
            </li>
          ))}
        </ul>
        {hiddenCount > 0 ? <p class="more">+ {hiddenCount} more</p> : null}
        <p class="total">
          <span>Total</span>
          <strong data-testid="reva-total">{formatMoney(offer.total_price, currency)}</strong>
        </p>
        <a class="cta" href={checkoutLink(offer.checkout_url)} onClick={onCheckout} data-testid="reva-cta">
          {copy.cta}
        </a>
        <button type="button" class="later" onClick={onDismiss} data-testid="reva-dismiss">
          {copy.dismiss_label}
        </button>
      </div>
    </div>
  );
}

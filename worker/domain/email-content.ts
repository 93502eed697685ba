import type { Cart } from "./cart";
import type { StoredSettings } from "./settings";
import type { Step } from "./steps";

export type EmailContent = { subject: string; text: string; html: string };

const escapeHtml = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");

export function formatMoney(amount: string, currency: string, locale: string) {
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(Number(amount));
}

function fillPlaceholders(template: string, values: Record<string, string>) {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, name: string) => values[name] ?? match);
}

/** A plain recovery email: the step's copy with placeholders filled, the cart, and a link back to it. */
export function renderRecoveryEmail(settings: StoredSettings, step: Step, cart: Cart): EmailContent {
  const itemCount = cart.items.reduce((sum, item) => sum + item.quantity, 0);
  const values = {
    first_name: "there",
    store_name: settings.name,
    cart_total: formatMoney(cart.total_price, cart.currency, settings.locale),
    item_count: String(itemCount),
  };
  const subject = fillPlaceholders(step.subject ?? "You left something in your cart", values);
  const body = fillPlaceholders(step.body ?? "Your cart at {{store_name}} is waiting.", values);
  const lines = cart.items.map((item) => `${item.quantity} × ${item.title} — ${formatMoney(item.price, cart.currency, settings.locale)}`);
  const text = [body, "", ...lines, "", `Total: ${values.cart_total}`, "", `Return to your cart: ${cart.checkout_url}`, "", settings.name, settings.address]
    .join("\n")
    .trim();
  const html = [
    `<p>${escapeHtml(body)}</p>`,
    `<ul>${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul>`,
    `<p>Total: ${escapeHtml(values.cart_total)}</p>`,
    `<p><a href="${escapeHtml(cart.checkout_url)}">Return to your cart</a></p>`,
    `<p>${escapeHtml(settings.name)}<br>${escapeHtml(settings.address)}</p>`,
  ].join("\n");
  return { subject, text, html };
}

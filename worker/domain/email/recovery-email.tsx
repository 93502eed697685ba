/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import type { Cart, CartItem } from "../cart";
import type { StoredSettings } from "../settings";
import type { Step } from "../steps";
import { formatMoney } from "./format";
import { fillPlaceholders, type Placeholder } from "./placeholders";

export type EmailContent = { subject: string; html: string; text: string };

/** Every URL in the email; the caller makes them (tracked redirects, signed unsubscribe). */
export type EmailLinks = { cart: string; items: string[]; unsubscribe: string };

/**
 * Items shown in an email; the rest are summed up as "and N more items". A cart may hold 500
 * items, and rendering all of them made a 1.27 MB email (and row) for a cart of 180.
 */
export const MAX_RENDERED_ITEMS = 10;

/** The items an email shows and how many it leaves out. */
export function renderedItems<T>(items: T[]): { shown: T[]; more: number } {
  return { shown: items.slice(0, MAX_RENDERED_ITEMS), more: Math.max(0, items.length - MAX_RENDERED_ITEMS) };
}

const moreItems = (more: number) => `and ${more} more ${more === 1 ? "item" : "items"} in your cart`;

export type RecoveryEmailInput = {
  settings: Pick<StoredSettings, "name" | "locale" | "address" | "logo_url">;
  step: Pick<Step, "subject" | "body">;
  cart: Cart;
  links: EmailLinks;
};

const DEFAULT_SUBJECT = "You left something in your cart";
const DEFAULT_BODY = "Your cart at {{store_name}} is saved. Pick up where you left off.";

const font = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";
const colors = { text: "#1f2328", muted: "#59636e", line: "#d8dee4", accent: "#4f46e5", page: "#f6f8fa" };

function Layout(props: { title: string; preheader: string; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <title>{props.title}</title>
        <style>{`@media (prefers-color-scheme: dark) {
  .page { background: #0d1117 !important; }
  .card { background: #161b22 !important; }
  .text { color: #e6edf3 !important; }
  .muted { color: #9198a1 !important; }
}
@media (max-width: 620px) { .card { width: 100% !important; } .item-image { width: 56px !important; height: 56px !important; } }`}</style>
      </head>
      <body class="page" style={`margin:0;padding:0;background:${colors.page};`}>
        <div style="display:none;max-height:0;overflow:hidden;">{props.preheader}</div>
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" class="page" style={`background:${colors.page};`}>
          <tr>
            <td align="center" style="padding:24px 12px;">
              <table role="presentation" width="600" cellpadding="0" cellspacing="0" class="card" style="width:600px;max-width:600px;min-width:300px;background:#ffffff;border-radius:8px;">
                {props.children}
              </table>
            </td>
          </tr>
        </table>
      </body>
    </html>
  );
}

function ItemRow(props: { item: CartItem; href: string; price: string }) {
  const { item } = props;
  return (
    <tr>
      <td width="72" style={`padding:12px 0;border-bottom:1px solid ${colors.line};`}>
        {item.image_url ? (
          <img class="item-image" src={item.image_url} alt={item.title} width="64" height="64" style="display:block;width:64px;height:64px;border-radius:6px;object-fit:cover;" />
        ) : null}
      </td>
      <td class="text" style={`${font}padding:12px;border-bottom:1px solid ${colors.line};color:${colors.text};font-size:15px;`}>
        <a href={props.href} style={`color:${colors.text};text-decoration:none;font-weight:600;`}>
          {item.title}
        </a>
        {item.variant_title ? <div class="muted" style={`color:${colors.muted};font-size:13px;`}>{item.variant_title}</div> : null}
        <div class="muted" style={`color:${colors.muted};font-size:13px;`}>Qty {item.quantity}</div>
      </td>
      <td align="right" class="text" style={`${font}padding:12px 0;border-bottom:1px solid ${colors.line};color:${colors.text};font-size:15px;white-space:nowrap;`}>
        {props.price}
      </td>
    </tr>
  );
}

function values(input: RecoveryEmailInput): Record<Placeholder, string> {
  const { cart, settings } = input;
  return {
    first_name: cart.first_name || "there",
    store_name: settings.name,
    cart_total: formatMoney(cart.total_price, cart.currency, settings.locale),
    item_count: String(cart.items.reduce((sum, item) => sum + item.quantity, 0)),
    first_item: cart.items[0]?.title ?? "your items",
  };
}

/**
 * The recovery email of one step: the step's copy with placeholders filled, the cart as it is
 * now, one button back to it, and the store's address with the unsubscribe link. Hono's JSX
 * escapes every value, so a shopper's or merchant's text can never become markup.
 */
export function renderRecoveryEmail(input: RecoveryEmailInput): EmailContent {
  const { cart, settings, links } = input;
  const filled = values(input);
  const subject = fillPlaceholders(input.step.subject ?? DEFAULT_SUBJECT, filled);
  const body = fillPlaceholders(input.step.body ?? DEFAULT_BODY, filled);
  const money = (amount: string) => formatMoney(amount, cart.currency, settings.locale);
  const { shown, more } = renderedItems(cart.items);

  const html = (
    <Layout title={subject} preheader={body}>
      <tr>
        <td class="text" style={`${font}padding:28px 32px 8px;font-size:20px;font-weight:700;color:${colors.text};`}>
          {settings.logo_url ? <img src={settings.logo_url} alt={settings.name} width="120" height="40" style="display:block;width:120px;height:40px;object-fit:contain;" /> : settings.name}
        </td>
      </tr>
      <tr>
        <td class="text" style={`${font}padding:8px 32px 16px;font-size:16px;line-height:1.5;color:${colors.text};`}>
          {body}
        </td>
      </tr>
      <tr>
        <td style="padding:0 32px;">
          <table role="presentation" width="100%" cellpadding="0" cellspacing="0">
            {shown.map((item, index) => (
              <ItemRow item={item} href={links.items[index] ?? links.cart} price={money(item.price)} />
            ))}
            {more > 0 ? (
              <tr>
                <td />
                <td colspan={2} class="muted" style={`${font}padding:12px;border-bottom:1px solid ${colors.line};color:${colors.muted};font-size:14px;`}>
                  <a href={links.cart} style={`color:${colors.muted};`}>
                    {moreItems(more)}
                  </a>
                </td>
              </tr>
            ) : null}
            <tr>
              <td />
              <td class="text" style={`${font}padding:12px;font-size:15px;font-weight:700;color:${colors.text};`}>Total</td>
              <td align="right" class="text" style={`${font}padding:12px 0;font-size:15px;font-weight:700;color:${colors.text};white-space:nowrap;`}>
                {filled.cart_total}
              </td>
            </tr>
          </table>
        </td>
      </tr>
      <tr>
        <td align="center" style="padding:16px 32px 32px;">
          <a href={links.cart} style={`${font}display:inline-block;background:${colors.accent};color:#ffffff;font-size:16px;font-weight:600;text-decoration:none;padding:14px 28px;border-radius:6px;`}>
            Return to your cart
          </a>
        </td>
      </tr>
      <tr>
        <td class="muted" style={`${font}padding:16px 32px 28px;border-top:1px solid ${colors.line};font-size:12px;line-height:1.5;color:${colors.muted};`}>
          {settings.name}
          {settings.address ? ` · ${settings.address}` : ""}
          <br />
          You get this email because you left items in your cart.{" "}
          <a href={links.unsubscribe} style={`color:${colors.muted};`}>
            Unsubscribe
          </a>
        </td>
      </tr>
    </Layout>
  );

  const text = [
    body,
    "",
    ...shown.map((item) => `- ${item.quantity} × ${item.title}${item.variant_title ? ` (${item.variant_title})` : ""}: ${money(item.price)}`),
    ...(more > 0 ? [`- ${moreItems(more)}`] : []),
    "",
    `Total: ${filled.cart_total}`,
    "",
    `Return to your cart: ${links.cart}`,
    "",
    "--",
    [settings.name, settings.address].filter(Boolean).join(", "),
    `Unsubscribe: ${links.unsubscribe}`,
  ].join("\n");

  return { subject, html: `<!DOCTYPE html>${html.toString()}`, text };
}

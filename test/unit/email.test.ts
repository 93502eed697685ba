import { describe, expect, it } from "vitest";
import { composeRecoveryEmail } from "../../worker/domain/email/compose";
import { emailKey } from "../../worker/domain/email/email-key";
import { buildEmailLinks, isStoreUrl, unsubscribeUrl, withEmailUtm } from "../../worker/domain/email/email-links";
import { formatMoney } from "../../worker/domain/email/format";
import { clickTokenSchema, openTyped, unsubscribeTokenSchema, type TokenSealer } from "../../worker/domain/email/link-tokens";
import { maskEmail } from "../../worker/domain/email/mask-email";
import { fillPlaceholders, unknownPlaceholders } from "../../worker/domain/email/placeholders";
import { renderRecoveryEmail, type EmailLinks } from "../../worker/domain/email/recovery-email";
import { sampleCart } from "../../worker/domain/email/sample-cart";
import { defaultSettings } from "../../worker/domain/settings";
import { T0, testCart } from "./fixtures";

/** A readable stand-in for the SecretBox: `purpose:json`, opened only by a sealer of the same purpose. */
function fakeSealer(purpose: string): TokenSealer {
  return {
    sealToken: async (payload) => `${purpose}.${encodeURIComponent(JSON.stringify(payload))}`,
    openToken: async (token) => {
      if (!token.startsWith(`${purpose}.`)) return null;
      try {
        return JSON.parse(decodeURIComponent(token.slice(purpose.length + 1)));
      } catch {
        return null;
      }
    },
  };
}
const sealers = { click: fakeSealer("click"), unsubscribe: fakeSealer("unsub") };
const opened = (url: string) => JSON.parse(decodeURIComponent(url.replace(/^.*?\/(r\/click|unsubscribe\?token=unsub)\./, "")));

const settings = { ...defaultSettings({ name: "Acme & Co", from_email: "hello@acme.example.com", domain: "acme.example.com" }), address: "1 Main St" };

describe("maskEmail", () => {
  it("keeps the first letter and the domain and hides the rest, with at least two stars", () => {
    expect(maskEmail("annabel@example.com")).toBe("a******@example.com");
    expect(maskEmail("ann@example.com")).toBe("a**@example.com");
    expect(maskEmail("an@example.com")).toBe("a**@example.com");
    expect(maskEmail("a@example.com")).toBe("a**@example.com");
    expect(maskEmail("nodomain")).toBe("n*******@");
  });
});

describe("placeholders", () => {
  it("names every unknown placeholder, with or without inner spaces, and none of the known ones", () => {
    expect(unknownPlaceholders("Hi {{first_name}}, {{ coupon }} at {{store_name}} {{cart_total}} {{item_count}} {{first_item}} {{x}}")).toEqual(["coupon", "x"]);
    expect(unknownPlaceholders("no placeholders {single}")).toEqual([]);
  });

  it("fills the known ones and leaves anything else as written", () => {
    const values = { first_name: "Ann", store_name: "Acme", cart_total: "$5.00", item_count: "2", first_item: "Tee" };
    expect(fillPlaceholders("Hi {{ first_name }}, {{first_item}} ×{{item_count}} ({{cart_total}}) at {{store_name}} {{coupon}}", values)).toBe(
      "Hi Ann, Tee ×2 ($5.00) at Acme {{coupon}}",
    );
  });
});

describe("formatMoney", () => {
  it("formats in the store's locale, and falls back to amount and code for a currency Intl does not know", () => {
    expect(formatMoney("1234.5", "USD", "en-US")).toBe("$1,234.50");
    expect(formatMoney("1234.5", "EUR", "de-DE")).toBe("1.234,50\u00a0€");
    expect(formatMoney("12", "not a currency", "en-US")).toBe("12 not a currency");
  });
});

describe("email links", () => {
  it("isStoreUrl accepts http(s) pages on the store's own hosts only", () => {
    const domains = ["acme.example.com", "shop.acme.example.com:8443"];
    expect(isStoreUrl("https://acme.example.com/products/tee", domains)).toBe(true);
    expect(isStoreUrl("http://ACME.example.com/products/tee", domains)).toBe(true);
    expect(isStoreUrl("https://shop.acme.example.com:8443/x", domains)).toBe(true);
    expect(isStoreUrl("https://evil.example.net/acme.example.com", domains)).toBe(false);
    expect(isStoreUrl("ftp://acme.example.com/x", domains)).toBe(false);
    expect(isStoreUrl("javascript://acme.example.com/%0aalert(1)", domains)).toBe(false);
    expect(isStoreUrl("not a url", domains)).toBe(false);
  });

  it("buildEmailLinks seals one click link for the cart, one per item on the store's domain, and the unsubscribe link", async () => {
    const cart = testCart({
      items: [
        { id: "own", title: "Own", price: "1.00", quantity: 1, url: "https://acme.example.com/products/own" },
        { id: "foreign", title: "Foreign", price: "1.00", quantity: 1, url: "https://evil.example.net/phish" },
        { id: "none", title: "No page", price: "1.00", quantity: 1 },
      ],
    });
    const links = await buildEmailLinks({ sealers, baseUrl: "https://reva.test", storeId: "store_1", sequenceId: "seq_1", stepId: "email_2h", to: "ann@example.com", cart, domains: ["acme.example.com"] });
    expect(links.cart.startsWith("https://reva.test/r/click.")).toBe(true);
    expect(opened(links.cart)).toEqual({ s: "store_1", q: "seq_1", p: "email_2h" });
    expect(links.items).toHaveLength(3);
    expect(opened(links.items[0]!)).toEqual({ s: "store_1", q: "seq_1", p: "email_2h", u: "https://acme.example.com/products/own" });
    expect(links.items[1]).toBe(links.cart);
    expect(links.items[2]).toBe(links.cart);
    expect(links.unsubscribe.startsWith("https://reva.test/unsubscribe?token=unsub.")).toBe(true);
    expect(opened(links.unsubscribe)).toEqual({ s: "store_1", e: "ann@example.com", q: "seq_1", p: "email_2h" });
  });

  it("unsubscribeUrl puts the sealed claims in the token parameter", async () => {
    expect(await unsubscribeUrl(sealers.unsubscribe, "https://reva.test", { s: "store_1", e: "a@b.c" })).toBe(
      `https://reva.test/unsubscribe?token=unsub.${encodeURIComponent(JSON.stringify({ s: "store_1", e: "a@b.c" }))}`,
    );
  });

  it("withEmailUtm adds Reva's parameters and keeps the URL's own", () => {
    const url = new URL(withEmailUtm("https://acme.example.com/checkout?step=contact&utm_source=old", "email_2h", "seq_1"));
    expect(`${url.origin}${url.pathname}`).toBe("https://acme.example.com/checkout");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      step: "contact",
      utm_source: "reva",
      utm_medium: "email",
      utm_campaign: "cart_recovery",
      utm_content: "email_2h",
      sequence_id: "seq_1",
    });
  });

  it("openTyped gives the payload of the right shape, and null for a forged token or another shape", async () => {
    const click = await sealers.click.sealToken({ s: "store_1", q: "seq_1", p: "email_2h" });
    expect(await openTyped(sealers.click, click, clickTokenSchema)).toEqual({ s: "store_1", q: "seq_1", p: "email_2h" });
    expect(await openTyped(sealers.unsubscribe, click, unsubscribeTokenSchema)).toBeNull();
    expect(await openTyped(sealers.click, "click.%7B%7D", clickTokenSchema)).toBeNull();
  });

  it("emailKey names one email per sequence and step", () => {
    expect(emailKey("seq_1", "email_2h")).toBe("seq_1/email_2h");
  });
});

const links: EmailLinks = { cart: "https://reva.test/r/CART", items: ["https://reva.test/r/ITEM0"], unsubscribe: "https://reva.test/unsubscribe?token=UNSUB" };

describe("renderRecoveryEmail", () => {
  const cart = testCart({
    first_name: "Ann",
    total_price: "25.00",
    items: [
      { id: "a", title: "<script>alert(1)</script>", variant_title: "Large", price: "12.50", quantity: 2, image_url: "https://cdn.example.com/a.png" },
      { id: "b", title: "Socks", price: "0", quantity: 1 },
    ],
  });

  it("fills the step's copy and lists every item, escaped, with one tracked link each and one button", () => {
    const email = renderRecoveryEmail({
      settings,
      step: { subject: "Hi {{first_name}}: {{item_count}} items", body: "{{first_item}} at {{store_name}}, {{cart_total}}" },
      cart,
      links,
    });
    expect(email.subject).toBe("Hi Ann: 3 items");
    expect(email.text).toBe(
      [
        "<script>alert(1)</script> at Acme & Co, $25.00",
        "",
        "- 2 × <script>alert(1)</script> (Large): $12.50",
        "- 1 × Socks: $0.00",
        "",
        "Total: $25.00",
        "",
        "Return to your cart: https://reva.test/r/CART",
        "",
        "--",
        "Acme & Co, 1 Main St",
        "Unsubscribe: https://reva.test/unsubscribe?token=UNSUB",
      ].join("\n"),
    );
    expect(email.html.startsWith("<!DOCTYPE html><html lang=\"en\">")).toBe(true);
    expect(email.html).not.toContain("<script>");
    expect([...email.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1])).toEqual([
      "https://reva.test/r/ITEM0",
      // The second item has no link of its own: it goes to the cart, like the button.
      "https://reva.test/r/CART",
      "https://reva.test/r/CART",
      "https://reva.test/unsubscribe?token=UNSUB",
    ]);
    expect(email.html).toContain("<title>Hi Ann: 3 items</title>");
    expect(email.html).toContain("Acme &amp; Co · 1 Main St");
    expect(email.html).toMatch(/<img class="item-image" src="https:\/\/cdn\.example\.com\/a\.png" alt="&lt;script&gt;alert\(1\)&lt;\/script&gt;" width="64" height="64"/);
    expect(email.html.match(/<img /g)).toHaveLength(1);
    expect(email.html).toContain(">Large</div>");
    expect(email.html).toContain(">Qty 2</div>");
    expect(email.html).toContain(">Qty 1</div>");
  });

  it("uses the default copy, 'there' for a shopper without a name, and the logo instead of the name", () => {
    const email = renderRecoveryEmail({
      settings: { ...settings, address: "", logo_url: "https://cdn.example.com/logo.png" },
      step: {},
      cart: testCart({ first_name: null }),
      links: { ...links, items: [] },
    });
    expect(email.subject).toBe("You left something in your cart");
    expect(email.text.split("\n")[0]).toBe("Your cart at Acme & Co is saved. Pick up where you left off.");
    expect(email.text).toContain("\n--\nAcme & Co\nUnsubscribe:");
    expect(email.html).toContain('<img src="https://cdn.example.com/logo.png" alt="Acme &amp; Co" width="120" height="40"');
    expect(email.html).toContain(">Acme &amp; Co<br/>You get this email");
    expect(renderRecoveryEmail({ settings, step: { subject: "Hi {{first_name}}" }, cart: testCart({ first_name: "" }), links }).subject).toBe("Hi there");
    expect(renderRecoveryEmail({ settings, step: { subject: "{{first_item}}" }, cart: testCart({ items: [] }), links }).subject).toBe("your items");
  });

  it("looks exactly as designed (golden file: update it on purpose when the design changes)", async () => {
    const email = renderRecoveryEmail({ settings, step: { subject: "Hi {{first_name}}", body: "Your cart at {{store_name}}" }, cart, links });
    await expect(email.html).toMatchFileSnapshot("./__snapshots__/recovery-email.html");
  });
});

describe("composeRecoveryEmail", () => {
  it("addresses the rendered email from the store, with one-click unsubscribe headers and the tags events come back with", async () => {
    const { content, payload } = await composeRecoveryEmail({
      settings: { ...settings, from_name: "Acme, Inc.", reply_to: "care@acme.example.com" },
      storeId: "store_1",
      sequenceId: "seq_1",
      step: { id: "email_2h", channel: "email", delay_seconds: 7200, subject: "Hi {{first_name}}" },
      cart: testCart(),
      to: "ann@example.com",
      sealers,
      baseUrl: "https://reva.test",
      sender: { sendingDomain: { domain: "acme.example.com", status: "verified", records: [] }, defaultFrom: "shop@demo.reva.dev" },
    });
    expect(payload).toEqual({
      from: { name: "Acme, Inc.", address: "hello@acme.example.com" },
      to: "ann@example.com",
      replyTo: "care@acme.example.com",
      subject: "Hi Ann",
      html: content.html,
      text: content.text,
      headers: {
        "List-Unsubscribe": `<https://reva.test/unsubscribe?token=unsub.${encodeURIComponent(JSON.stringify({ s: "store_1", e: "ann@example.com", q: "seq_1", p: "email_2h" }))}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
      tags: { type: "cart_recovery", step: "email_2h", store_id: "store_1", sequence_id: "seq_1" },
    });
    expect(content.subject).toBe("Hi Ann");
  });
});

describe("sampleCart", () => {
  it("is a believable cart on the store's first domain, in its currency, for the given address", () => {
    const cart = sampleCart({ ...settings, currency: "EUR", domains: ["acme.example.com", "b.example.com"] }, "me@example.com", new Date(T0));
    expect(cart).toEqual({
      token: "preview",
      alias_token: null,
      customer_email: "me@example.com",
      first_name: "Alex",
      customer_id: null,
      accepts_marketing: true,
      currency: "EUR",
      total_price: "74.00",
      checkout_url: "https://acme.example.com/checkout",
      items: [
        { id: "sample-1", title: "Organic cotton tee", variant_title: "M / Oat", price: "28.00", quantity: 2, image_url: null },
        { id: "sample-2", title: "Stoneware mug", variant_title: null, price: "18.00", quantity: 1, image_url: null },
      ],
      visitor_id: null,
      ga_client_id: null,
      updated_at: new Date(T0).toISOString(),
    });
    expect(sampleCart({ ...settings, domains: [] }, "me@example.com", new Date(T0)).checkout_url).toBe("https://shop.example.com/checkout");
  });
});

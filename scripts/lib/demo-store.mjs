import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { DEV_ADMIN_TOKEN } from "./dev-vars.mjs";
import { root } from "./toolchain.mjs";

/** Seconds, not hours, so a person watching the dashboard sees every step within a minute. */
export const DEMO_STEPS = [
  { id: "popup_1h", channel: "popup", delay_seconds: 5 },
  { id: "email_2h", channel: "email", delay_seconds: 15, subject: "You left something in your cart, {{first_name}}", body: "Your cart at {{store_name}} is saved. Pick up where you left off." },
  { id: "email_24h", channel: "email", delay_seconds: 30, subject: "Your cart is still waiting", body: "Your {{item_count}} item(s) at {{store_name}} are still in your cart ({{cart_total}})." },
  { id: "email_48h", channel: "email", delay_seconds: 45, subject: "Still thinking it over?", body: "Questions? Reply to this email and {{store_name}} will help." },
  { id: "email_72h", channel: "email", delay_seconds: 60, subject: "Last reminder about your cart", body: "Your cart at {{store_name}} is ready when you are." },
];

/** The demo storefront's own products (dashboard/public/demo), so its popup shows what the page sells. */
const DEMO_PRODUCTS = [
  { id: "mug", title: "Stoneware Mug", price: "24.00" },
  { id: "tote", title: "Linen Tote Bag", price: "38.00" },
  { id: "coffee-set", title: "Pour-Over Coffee Set", price: "56.00" },
];

const keysFile = (persistTo) => join(persistTo ?? join(root, ".wrangler", "state"), "reva-demo-store.json");

async function call(origin, path, { key, body, method = body ? "POST" : "GET" } = {}) {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

/**
 * Creates the demo store once and remembers its keys beside the local D1 state (keys are stored
 * hashed, so this file is the only place they can be shown again). Idempotent across restarts.
 * @param {string} origin
 * @param {{ adminToken?: string, persistTo?: string }} [options]
 */
export async function ensureDemoStore(origin, { adminToken = DEV_ADMIN_TOKEN, persistTo } = {}) {
  const file = keysFile(persistTo);
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, "utf8"));
    const check = await fetch(`${origin}/api/v1/store/settings`, { headers: { authorization: `Bearer ${saved.secret_key}` } });
    if (check.ok) return saved;
  }
  const host = new URL(origin).host;
  const keys = await call(origin, "/api/v1/stores", {
    key: adminToken,
    body: { name: "Reva Demo Store", domain: host, from_email: "shop@demo.reva.dev", from_name: "Reva Demo Store" },
  });
  await call(origin, "/api/v1/store/settings", {
    method: "PATCH",
    key: keys.secret_key,
    body: {
      steps: DEMO_STEPS,
      domains: [host, `localhost:${new URL(origin).port}`],
      address: "1 Demo Street, Springfield",
      frequency_cap: { max_emails: 10, per_hours: 1 },
      popup: { delay_seconds: 3 },
    },
  });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(keys, null, 2));
  return keys;
}

/**
 * A visitor as the widget gets one on a first visit: minted and signed by the Worker. A cart is
 * offered on the storefront only to the visitor it was saved with, so the demo's carts are saved
 * for one, and the storefront URL hands that visitor to the widget.
 * @param {string} origin
 * @param {string} publishableKey
 * @returns {Promise<{ visitor_id: string, visitor_token: string }>}
 */
export async function mintDemoVisitor(origin, publishableKey) {
  const { visitor_id, visitor_token } = await call(origin, `/api/v1/widget/session?key=${encodeURIComponent(publishableKey)}`, { body: { visitor_id: "new" } });
  return { visitor_id, visitor_token };
}

/**
 * A few fresh abandoned carts, so sequences start moving as soon as the server is up; the first
 * (the one the demo storefront URL names) saved for `visitorId`, the storefront's shopper.
 * @param {string} origin
 * @param {string} secretKey
 * @param {{ count?: number, visitorId?: string }} [options]
 */
export async function seedDemoCarts(origin, secretKey, { count = 3, visitorId } = {}) {
  const run = Date.now().toString(36);
  const tokens = [];
  for (let i = 0; i < count; i++) {
    const items = DEMO_PRODUCTS.slice(0, 1 + (i % DEMO_PRODUCTS.length)).map((p) => ({ ...p, quantity: 1 + (i % 2) }));
    const total = items.reduce((sum, item) => sum + Number(item.price) * item.quantity, 0).toFixed(2);
    const token = `demo-${run}-${i + 1}`;
    await call(origin, "/api/v1/carts", {
      key: secretKey,
      body: {
        cart_token: token,
        email: `shopper${i + 1}@example.com`,
        accepts_marketing: true,
        currency: "USD",
        total_price: total,
        checkout_url: `${origin}/demo/checkout?cart=${token}`,
        items,
        ...(visitorId && i === 0 ? { visitor_id: visitorId } : {}),
      },
    });
    tokens.push(token);
  }
  return tokens;
}

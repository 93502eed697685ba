// Small helpers shared by the measurements: JSON calls, stores, cart payloads, statistics.

export const ADMIN_TOKEN = "dev-admin-token";

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One JSON call; throws with the answer's text on a non-2xx so a broken setup fails loudly. */
export async function api(origin, path, { key, body, method = body ? "POST" : "GET" } = {}) {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
  return { body: response.status === 204 ? null : await response.json(), headers: response.headers };
}

/** A fresh store (keys are shown once) with an optional settings patch applied. */
export async function createStore(origin, name, settings) {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const { body: keys } = await api(origin, "/api/v1/stores", {
    key: ADMIN_TOKEN,
    body: { name, domain: `${slug}.bench.example.com`, from_email: `shop@${slug}.bench.example.com` },
  });
  if (settings) await api(origin, "/api/v1/store/settings", { method: "PATCH", key: keys.secret_key, body: settings });
  return keys;
}

const PRODUCTS = [
  { id: "tee-organic-m", title: "Organic cotton tee", variant_title: "M / Indigo", price: "28.00" },
  { id: "mug-stoneware", title: "Stoneware mug", variant_title: "Speckled", price: "18.50" },
  { id: "tote-canvas", title: "Canvas tote bag", variant_title: null, price: "22.00" },
  { id: "socks-merino", title: "Merino socks", variant_title: "Pair / Grey", price: "14.00" },
];

/** A cart as a storefront sends it: one to four items, a shopper email that opted in, a checkout link. */
export function cartPayload(token, n, updatedAt) {
  const items = PRODUCTS.slice(0, 1 + (n % PRODUCTS.length)).map((p, i) => ({
    ...p,
    quantity: 1 + ((n + i) % 3),
    image_url: `https://cdn.shop.example.com/products/${p.id}.jpg`,
    url: `https://shop.example.com/products/${p.id}`,
  }));
  const total = items.reduce((sum, item) => sum + Number(item.price) * item.quantity, 0).toFixed(2);
  return {
    cart_token: token,
    email: `shopper+${token}@example.com`,
    first_name: ["Alex", "Sam", "Priya", "Jonas"][n % 4],
    accepts_marketing: true,
    currency: "USD",
    total_price: total,
    checkout_url: `https://shop.example.com/checkouts/${token}`,
    items,
    ...(updatedAt ? { updated_at: updatedAt } : {}),
  };
}

/**
 * A `checkouts/create` (or `checkouts/update`) payload as Shopify sends it: the fields Reva reads,
 * plus a few it ignores; `extra` adds to every item's quantity (an update).
 */
export function shopifyCheckout(token, n, extra = 0) {
  const cart = cartPayload(token, n);
  return {
    id: 9_000_000 + n,
    token,
    cart_token: `c-${token}`,
    email: cart.email,
    buyer_accepts_marketing: true,
    created_at: new Date().toISOString(),
    updated_at: new Date().toISOString(),
    abandoned_checkout_url: cart.checkout_url,
    currency: cart.currency,
    presentment_currency: cart.currency,
    total_price: cart.total_price,
    subtotal_price: cart.total_price,
    customer: { id: 700_000 + n, email: cart.email, first_name: cart.first_name, email_marketing_consent: { state: "subscribed" } },
    line_items: cart.items.map((item, i) => ({ key: `li-${i}`, variant_id: 1000 + i, product_id: 2000 + i, title: item.title, variant_title: item.variant_title, price: item.price, quantity: item.quantity + extra, sku: item.id })),
  };
}

/** Nearest-rank percentile of numbers sorted ascending. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function mapLimit(items, limit, work) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export const fmtInt = (n) => Math.round(n).toLocaleString("en-US");
export const fmtSec = (ms) => `${(ms / 1000).toFixed(3)} s`;

/** Every sequence of a store through the list API (D1's projection, as the dashboard sees it), 100 a page. */
export async function listAllSequences(origin, key, { maxPages = 1000 } = {}) {
  const all = [];
  let cursor = null;
  for (let page = 0; page < maxPages; page++) {
    const { body } = await api(origin, `/api/v1/recovery/sequences?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { key });
    all.push(...body.data);
    cursor = body.next_cursor;
    if (!cursor) break;
  }
  return all;
}

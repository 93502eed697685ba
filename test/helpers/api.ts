import { env, SELF } from "cloudflare:test";

export const ADMIN_TOKEN = "dev-admin-token";

export type StoreKeys = { id: string; secret_key: string; publishable_key: string; webhook_secret: string };

export async function request(path: string, init: RequestInit & { key?: string; json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  if (init.key) headers.set("authorization", `Bearer ${init.key}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  return SELF.fetch(`https://reva.test${path}`, { ...init, headers, body });
}

export async function json<T = any>(response: Response | Promise<Response>): Promise<T> {
  return (await response).json() as Promise<T>;
}

let storeCounter = 0;

/** A fresh store per test keeps tests independent of each other's data. */
export async function createStore(overrides: Record<string, unknown> = {}): Promise<StoreKeys> {
  storeCounter += 1;
  const response = await request("/api/v1/stores", {
    method: "POST",
    key: ADMIN_TOKEN,
    json: { name: `Test Store ${storeCounter}`, domain: `shop${storeCounter}.example.com`, from_email: "hello@example.com", ...overrides },
  });
  if (response.status !== 201) throw new Error(`store creation failed: ${response.status} ${await response.text()}`);
  return response.json();
}

export async function patchSettings(key: string, patch: Record<string, unknown>): Promise<any> {
  const response = await request("/api/v1/store/settings", { method: "PATCH", key, json: patch });
  if (response.status !== 200) throw new Error(`settings patch failed: ${response.status} ${await response.text()}`);
  return response.json();
}

let cartCounter = 0;

export function cartPayload(overrides: Record<string, unknown> = {}) {
  cartCounter += 1;
  return {
    cart_token: `cart-${cartCounter}-${crypto.randomUUID()}`,
    email: `shopper${cartCounter}@example.com`,
    accepts_marketing: true,
    currency: "USD",
    total_price: "59.90",
    checkout_url: "https://shop.example.com/checkouts/abc?step=contact",
    items: [
      { id: "sku-1", title: "Linen shirt", price: "39.90", quantity: 1 },
      { id: "sku-2", title: "Socks", price: 10, quantity: 2 },
    ],
    ...overrides,
  };
}

export async function postCart(key: string, overrides: Record<string, unknown> = {}) {
  const payload = cartPayload(overrides);
  const response = await request("/api/v1/carts", { method: "POST", key, json: payload });
  if (response.status !== 200) throw new Error(`cart failed: ${response.status} ${await response.text()}`);
  const body = await response.json<{ sequence: any }>();
  return { payload, sequence: body.sequence };
}

export function sequenceStub(storeId: string, cartToken: string) {
  return env.CART_SEQUENCE.get(env.CART_SEQUENCE.idFromName(`${storeId}:${cartToken}`));
}

/** Short delays so alarms can be run at once: popup at 1 s, then emails at 2–5 s. */
export const FAST_STEPS = [
  { id: "popup_1h", channel: "popup", delay_seconds: 1 },
  { id: "email_2h", channel: "email", delay_seconds: 2, subject: "Come back {{first_name}}", body: "Your cart at {{store_name}}" },
  { id: "email_24h", channel: "email", delay_seconds: 3, subject: "Still there?", body: "{{item_count}} items" },
  { id: "email_48h", channel: "email", delay_seconds: 4, subject: "Last call", body: "Total {{cart_total}}" },
  { id: "email_72h", channel: "email", delay_seconds: 5, subject: "Final", body: "Bye" },
];

/** A store whose steps run in seconds and whose caps do not get in the way. */
export async function createFastStore() {
  const store = await createStore();
  await patchSettings(store.secret_key, { steps: FAST_STEPS, frequency_cap: { max_emails: 100, per_hours: 1 } });
  return store;
}

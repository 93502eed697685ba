import { chromium, type Browser, type Page } from "playwright-core";
import { inject } from "vitest";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

export const origin = () => inject("origin");
export const demoStore = () => inject("store");

export async function api(path: string, init: { method?: string; body?: unknown } = {}) {
  const response = await fetch(`${origin()}${path}`, {
    method: init.method ?? (init.body ? "POST" : "GET"),
    headers: { authorization: `Bearer ${demoStore().secret_key}`, "content-type": "application/json" },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.status === 202 || response.status === 204 ? null : response.json();
}

/**
 * An abandoned cart whose clock started `secondsAgo` seconds ago, so its early steps are already
 * due, saved (as a storefront would) for the widget's visitor: only that visitor is offered it.
 */
export async function abandonCart(secondsAgo: number, visitorId: string) {
  const token = `browser-${crypto.randomUUID()}`;
  const body = await api("/api/v1/carts", {
    body: {
      cart_token: token,
      email: `${token}@example.com`,
      accepts_marketing: true,
      currency: "USD",
      total_price: "46.50",
      checkout_url: `${origin()}/demo/checkout?cart=${token}&ref=mail`,
      items: [
        { id: "tee", title: "Organic cotton tee", price: "28.00", quantity: 1 },
        { id: "mug", title: "Stoneware <mug>", price: "18.50", quantity: 1 },
      ],
      updated_at: new Date(Date.now() - secondsAgo * 1000).toISOString(),
      visitor_id: visitorId,
    },
  });
  return { token, sequenceId: body.sequence.id as string };
}

/** A visitor minted by the Worker, as `npm start` makes one for the demo storefront's URL. */
export async function mintVisitor(): Promise<{ visitor_id: string; visitor_token: string }> {
  const response = await fetch(`${origin()}/api/v1/widget/session?key=${demoStore().publishable_key}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ visitor_id: "new" }),
  });
  if (!response.ok) throw new Error(`widget session: ${response.status} ${await response.text()}`);
  return response.json();
}

export async function until<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Signs the page in to the dashboard with a store's secret key (the demo store's, on the shared Worker, by default). */
export async function signIn(page: Page, secretKey = demoStore().secret_key, at = origin()) {
  await page.goto(`${at}/`);
  await page.getByTestId("signin-key").fill(secretKey);
  await page.getByTestId("signin-submit").click();
  await page.getByRole("navigation", { name: "Main" }).waitFor();
}

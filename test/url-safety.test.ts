import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { cartPayload, createStore, json, request } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { storeWithSentEmail } from "./helpers/email-flow";
import { sendShopifyWebhook, shopifyCheckout } from "./helpers/shopify";

let clock: ReturnType<typeof useFakeClock> | undefined;
afterEach(() => {
  clock?.restore();
  clock = undefined;
});

const count = async (sql: string, ...params: unknown[]) =>
  (await env.DB.prepare(sql).bind(...params).first<{ n: number }>())?.n;

async function fieldsOf(response: Response) {
  expect(response.status).toBe(422);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return (await response.json<any>()).errors.map((e: any) => e.field);
}

const SCRIPT_URLS = ["javascript:alert(document.domain)//", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)"];

describe("only http(s) links are taken in (issue 9.6)", () => {
  it("refuses a script URL as a cart's checkout, item page or item image, naming the field, and stores nothing", async () => {
    const store = await createStore();
    for (const url of SCRIPT_URLS) {
      const cases: [Record<string, unknown>, string][] = [
        [{ checkout_url: url }, "checkout_url"],
        [{ items: [{ id: "a", title: "T", price: "1.00", quantity: 1, url }] }, "items.0.url"],
        [{ items: [{ id: "a", title: "T", price: "1.00", quantity: 1, image_url: url }] }, "items.0.image_url"],
      ];
      for (const [override, field] of cases) {
        const response = await request("/api/v1/carts", { method: "POST", key: store.secret_key, json: cartPayload(override) });
        expect(await fieldsOf(response)).toContain(field);
      }
    }
    expect(await count("SELECT count(*) AS n FROM carts WHERE store_id = ?", store.id)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM sequences WHERE store_id = ?", store.id)).toBe(0);
  });

  it("matches the scheme in any case: HTTPS:// is a web link", async () => {
    const store = await createStore();
    const response = await request("/api/v1/carts", {
      method: "POST",
      key: store.secret_key,
      json: cartPayload({ checkout_url: "HTTPS://shop.example.com/checkouts/abc", items: [{ id: "a", title: "T", price: "1.00", quantity: 1, url: "Http://shop.example.com/p/a" }] }),
    });
    expect(response.status).toBe(200);
    expect(await count("SELECT count(*) AS n FROM sequences WHERE store_id = ?", store.id)).toBe(1);
  });

  it("refuses a script URL as the store's logo and keeps the settings", async () => {
    const store = await createStore();
    const before = await json(request("/api/v1/store/settings", { key: store.secret_key }));
    for (const url of SCRIPT_URLS) {
      const response = await request("/api/v1/store/settings", { method: "PATCH", key: store.secret_key, json: { logo_url: url } });
      expect(await fieldsOf(response)).toEqual(["logo_url"]);
    }
    expect(await json(request("/api/v1/store/settings", { key: store.secret_key }))).toEqual(before);
  });

  it("refuses a signed Shopify checkout whose recovery link or item image is a script, storing nothing", async () => {
    const store = await createStore();
    const badLink = await sendShopifyWebhook(store.id, store.webhook_secret, "checkouts/create", shopifyCheckout({ abandoned_checkout_url: "javascript:alert(document.domain)//" }));
    expect(await fieldsOf(badLink)).toEqual(["abandoned_checkout_url"]);
    const item = { key: "li-1", title: "Mug", price: "9.00", quantity: 1, image_url: "JAVASCRIPT:alert(1)" };
    const badImage = await sendShopifyWebhook(store.id, store.webhook_secret, "checkouts/update", shopifyCheckout({ line_items: [item] }));
    expect(await fieldsOf(badImage)).toEqual(["line_items.0.image_url"]);
    expect(await count("SELECT count(*) AS n FROM carts WHERE store_id = ?", store.id)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM webhook_receipts WHERE store_id = ?", store.id)).toBe(0);
  });

  it("never redirects an email click to a stored non-http(s) checkout link", async () => {
    clock = useFakeClock();
    const { sequence, links } = await storeWithSentEmail(clock);
    // A cart saved before the rule existed: the redirect checks the link again where it uses it.
    await env.DB.prepare("UPDATE sequences SET cart = json_set(cart, '$.checkout_url', 'javascript:alert(document.domain)//') WHERE id = ?").bind(sequence.id).run();
    const response = await request(new URL(links.find((l) => l.includes("/r/"))!).pathname, { redirect: "manual" });
    expect(response.status).toBe(404);
    expect(response.headers.get("location")).toBeNull();
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
  });
});

describe("Content-Security-Policy on every page (issue 9.6)", () => {
  it("is strict on the shopper pages, whose style is a file, not inline", async () => {
    const page = await request("/unsubscribe?token=forged");
    expect(page.status).toBe(400);
    const policy = page.headers.get("content-security-policy")!;
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).not.toContain("unsafe-inline");
    const html = await page.text();
    expect(html).not.toMatch(/<style|<script|style=/);
    const stylesheet = html.match(/<link rel="stylesheet" href="([^"]+)"/)![1]!;
    const css = await request(stylesheet);
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toContain("text/css");
  });

  it("is on the dashboard and demo served from the assets, and not on JSON", async () => {
    for (const path of ["/", "/demo/"]) {
      const response = await request(path);
      if (!response.headers.get("content-type")?.startsWith("text/html")) continue; // assets not built in this checkout
      expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(await response.text()).not.toMatch(/<script>|<style>/);
    }
    expect((await request("/healthz")).headers.get("content-security-policy")).toBeNull();
  });
});

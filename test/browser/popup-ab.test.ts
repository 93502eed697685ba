import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignVariant, popupTestId, type PopupVariant } from "../../worker/domain/popup-variants";
import { launchChromium, origin, until } from "./browser";

/*
 * Popup A/B tests in the browser (issue 10, item 11). Each test uses a store of its own, so its
 * variants never change what the other browser test files' widget sees on the shared demo store.
 */

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

type Store = { id: string; secret_key: string; publishable_key: string };

async function call(path: string, init: { key: string; method?: string; body?: unknown }) {
  const response = await fetch(`${origin()}${path}`, {
    method: init.method ?? (init.body ? "POST" : "GET"),
    headers: { authorization: `Bearer ${init.key}`, "content-type": "application/json" },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.status === 202 || response.status === 204 ? null : response.json();
}

/**
 * A store of its own whose popup comes due a second after abandonment and whose emails wait a day.
 * The demo storefront is served by the Worker itself, so its widget may call the Worker for any
 * store (same origin); the store's own domain is never visited.
 */
async function abStore(variants: PopupVariant[]): Promise<Store> {
  const domain = `ab-${crypto.randomUUID().slice(0, 8)}.example.com`;
  const store: Store = await call("/api/v1/stores", { key: "dev-admin-token", body: { name: "A/B Store", domain, from_email: "shop@demo.reva.dev" } });
  await call("/api/v1/store/settings", {
    key: store.secret_key,
    method: "PATCH",
    body: {
      steps: [
        { id: "popup_1h", channel: "popup", delay_seconds: 1 },
        { id: "email_24h", channel: "email", delay_seconds: 86_400, subject: "Your cart", body: "Still there." },
      ],
      popup: { delay_seconds: 30, variants },
    },
  });
  return store;
}

async function widgetCall(store: Store, path: string, body: unknown) {
  const response = await fetch(`${origin()}/api/v1/widget/${path}?key=${store.publishable_key}`, {
    method: "POST",
    headers: { "content-type": path === "events" ? "text/plain;charset=UTF-8" : "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`widget ${path}: ${response.status} ${await response.text()}`);
  return response.status === 202 ? null : response.json();
}

/** A cart abandoned 10 s ago for this visitor, once its popup step has come due. */
async function abandonedCart(store: Store, visitorId: string, total = "30.00") {
  const token = `ab-${crypto.randomUUID()}`;
  const body = await call("/api/v1/carts", {
    key: store.secret_key,
    body: {
      cart_token: token,
      email: `${token}@example.com`,
      accepts_marketing: true,
      currency: "USD",
      total_price: total,
      checkout_url: `${origin()}/demo/checkout?cart=${token}`,
      items: [{ id: "mug", title: "Stoneware Mug", price: total, quantity: 1 }],
      updated_at: new Date(Date.now() - 10_000).toISOString(),
      visitor_id: visitorId,
    },
  });
  const sequenceId = body.sequence.id as string;
  const due = async () => (await call(`/api/v1/recovery/sequences/${sequenceId}`, { key: store.secret_key })).steps_completed.includes("popup_1h");
  // The step is due at once; its alarm runs within a moment, so ask rarely rather than often.
  for (let attempt = 0; !(await due()); attempt++) {
    if (attempt > 60) throw new Error(`popup of ${sequenceId} never came due`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { token, sequenceId };
}

const expectedVariant = (store: Store, visitorId: string, variants: PopupVariant[]) => assignVariant(store.id, popupTestId(variants)!, visitorId, variants)!;

describe("popup A/B test on the storefront", () => {
  const variants: PopupVariant[] = [
    { id: "quick", weight: 1, delay_seconds: 2, title: "Quick: your cart is saved", cta: "Finish now" },
    { id: "late", weight: 1, delay_seconds: 20, title: "Late: still deciding?", cta: "Take me back" },
  ];

  it("keeps the visitor's variant across reloads, shows its copy after its delay, and reports it with every event", async () => {
    const store = await abStore(variants);
    const page = await browser.newPage();
    const sessions: any[] = [];
    const events: any[] = [];
    page.on("response", async (response) => {
      if (new URL(response.url()).pathname === "/api/v1/widget/session") sessions.push(await response.json().catch(() => null));
    });
    // The widget's beacons, read on their way to the Worker and passed on unchanged.
    await page.route("**/api/v1/widget/events?**", async (route) => {
      events.push(JSON.parse(route.request().postDataBuffer()?.toString("utf8") ?? "null"));
      await route.continue();
    });

    // First visit: the widget gets its visitor; the storefront saves the cart for it.
    await page.goto(`${origin()}/demo?key=${store.publishable_key}`);
    const visitorId = (await (await page.waitForFunction(() => localStorage.getItem("reva_vtok") && localStorage.getItem("reva_vid"))).jsonValue()) as string;
    const cart = await abandonedCart(store, visitorId);
    const mine = expectedVariant(store, visitorId, variants);

    await page.clock.install();
    for (let visit = 0; visit < 3; visit++) {
      await page.goto(`${origin()}/demo?key=${store.publishable_key}&cart_token=${cart.token}`);
      const dialog = page.getByRole("dialog");
      await until(async () => sessions.some((s) => s?.popup) && sessions.length >= visit + 2);
      await page.clock.runFor((mine.delay_seconds! - 1) * 1000);
      expect(await dialog.count()).toBe(0);
      await page.clock.runFor(2_000);
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain(mine.title);
      expect(await page.getByTestId("reva-cta").textContent()).toContain(mine.cta);
    }
    expect(sessions.filter((s) => s?.popup).map((s) => s.popup.variant)).toEqual([mine.id, mine.id, mine.id]);

    await page.getByTestId("reva-dismiss").click();
    await until(async () => events.some((e) => e?.event === "dismissed"));
    expect(events.length).toBeGreaterThanOrEqual(4);
    for (const event of events) expect(event).toMatchObject({ sequence_id: cart.sequenceId, variant: mine.id });

    // The Worker stored them under the variant: shown once for the visitor, then dismissed.
    const stats = await call("/api/v1/recovery/analytics", { key: store.secret_key });
    expect(stats.popup.variants.find((v: any) => v.id === mine.id)).toMatchObject({ shown: 1, clicked: 0 });
    expect(stats.popup.variants.find((v: any) => v.id !== mine.id)).toMatchObject({ shown: 0 });
    await page.close();
  });
});

async function signIn(page: Page, store: Store) {
  await page.goto(`${origin()}/`);
  await page.getByTestId("signin-key").fill(store.secret_key);
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("store-name").waitFor({ state: "attached" });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Serious and critical axe-core violations on the page (injected through the debugger, which the page's CSP does not govern). */
async function axeViolations(page: Page) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ["violations"] });
    return result.violations.filter((v: any) => v.impact === "serious" || v.impact === "critical").map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target).join(", ")}`);
  });
}

describe("the Popup A/B test page", () => {
  const variants: PopupVariant[] = [
    { id: "calm", weight: 1, title: "Your cart is saved" },
    { id: "urgent", weight: 1, delay_seconds: 5, title: "Last items left", cta: "Grab them now" },
  ];

  it("shows each variant's numbers of seeded data, marks the significant winner and ends the test keeping it", { timeout: 240_000 }, async () => {
    const store = await abStore(variants);
    // Seeded truth: 32 shoppers per variant see the popup; "urgent" recovers 14 carts of 30.00 and
    // gets 10 clicks, "calm" recovers 2 and gets 5 clicks (z ≈ 3.5: significant).
    const plan = { calm: { shown: 32, clicked: 5, recovered: 2 }, urgent: { shown: 32, clicked: 10, recovered: 14 } };
    const shoppers: { visitor_id: string; visitor_token: string; variant: "calm" | "urgent" }[] = [];
    while (shoppers.filter((s) => s.variant === "calm").length < 32 || shoppers.filter((s) => s.variant === "urgent").length < 32) {
      const visitor = await widgetCall(store, "session", { visitor_id: "new" });
      const variant = expectedVariant(store, visitor.visitor_id, variants).id as "calm" | "urgent";
      if (shoppers.filter((s) => s.variant === variant).length < 32) shoppers.push({ visitor_id: visitor.visitor_id, visitor_token: visitor.visitor_token, variant });
    }
    const done = { calm: { clicked: 0, recovered: 0 }, urgent: { clicked: 0, recovered: 0 } };
    await Promise.all(
      shoppers.map(async (shopper, i) => {
        // A little spread so the local Worker is not asked for 64 carts at once.
        await new Promise((resolve) => setTimeout(resolve, i * 40));
        const cart = await abandonedCart(store, shopper.visitor_id);
        const event = (name: string) => widgetCall(store, "events", { visitor_id: shopper.visitor_id, visitor_token: shopper.visitor_token, sequence_id: cart.sequenceId, event: name, variant: shopper.variant });
        await event("shown");
        const mine = done[shopper.variant];
        const target = plan[shopper.variant];
        if (mine.clicked < target.clicked) {
          mine.clicked += 1;
          await event("clicked");
        }
        if (mine.recovered < target.recovered) {
          mine.recovered += 1;
          const outcome = await call("/api/v1/orders", { key: store.secret_key, body: { order_id: `ab-${cart.token}`, cart_token: cart.token, total_price: "30.00", currency: "USD" } });
          expect(outcome.recovered).toBe(true);
        }
      }),
    );
    const truth = await call("/api/v1/recovery/analytics", { key: store.secret_key });
    expect(truth.popup.winner).toBe("urgent");

    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    await signIn(page, store);
    await page.goto(`${origin()}/#/popup-test`);
    await page.getByRole("heading", { name: "Popup A/B test" }).waitFor();
    const row = (id: string) => page.getByTestId(`result-${id}`);
    await until(async () => (await row("urgent").getByTestId("recovered").textContent()) === "14");
    for (const id of ["calm", "urgent"] as const) {
      const r = row(id);
      const t = truth.popup.variants.find((v: any) => v.id === id);
      expect(await r.getByTestId("shown").textContent()).toBe(String(plan[id].shown));
      expect(await r.getByTestId("clicked").textContent()).toBe(String(plan[id].clicked));
      expect(await r.getByTestId("recovered").textContent()).toBe(String(plan[id].recovered));
      expect(await r.getByTestId("revenue").textContent()).toContain((plan[id].recovered * 30).toFixed(2));
      const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
      expect(await r.getByTestId("conversion").textContent()).toContain(`${pct(t.conversion_rate)} (${pct(t.ci_low)}–${pct(t.ci_high)})`);
    }
    expect(await row("urgent").getByTestId("winner-mark").count()).toBe(1);
    expect(await row("calm").getByTestId("winner-mark").count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByTestId("keep-winner").click();
    // The confirmation takes the keyboard: Enter answers it.
    await until(async () => (await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))) === "confirm-end-yes");
    await page.keyboard.press("Enter");
    await until(async () => (await page.getByTestId("test-status").textContent())?.includes("Test ended"));
    const settings = await call("/api/v1/store/settings", { key: store.secret_key });
    expect(settings.popup).toMatchObject({ variants: [], title: "Last items left", cta: "Grab them now", delay_seconds: 5 });
    expect(await page.getByTestId("ab-results").count()).toBe(0);
    expect((await call("/api/v1/recovery/analytics", { key: store.secret_key })).popup).not.toHaveProperty("variants");
    await page.close();
  });

  it("starts a test from the form, showing the API's message next to a bad field", async () => {
    const store = await abStore([]);
    const page = await browser.newPage();
    await signIn(page, store);
    await page.goto(`${origin()}/#/popup-test`);
    await page.getByTestId("variant-form").waitFor();
    await page.getByTestId("variant-1-id").fill("A");
    await page.getByTestId("variant-save").click();
    await page.getByTestId("variant-1-id-error").waitFor();
    expect(await page.getByTestId("variant-1-id-error").textContent()).toContain("duplicate");
    expect(await page.getByTestId("variant-1-id").getAttribute("aria-invalid")).toBe("true");

    await page.getByTestId("variant-1-id").fill("B");
    await page.getByTestId("variant-1-trigger").selectOption("exit");
    await page.getByTestId("variant-1-title").fill("Wait, before you go");
    await page.getByTestId("variant-1-weight").fill("3");
    await page.getByTestId("variant-save").click();
    await until(async () => (await page.getByTestId("test-status").textContent())?.includes("Test started"));
    const settings = await call("/api/v1/store/settings", { key: store.secret_key });
    expect(settings.popup.variants).toEqual([
      { id: "A", weight: 1, title: settings.popup.title },
      { id: "B", weight: 3, exit_intent: true, title: "Wait, before you go" },
    ]);
    await page.getByTestId("ab-results").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});

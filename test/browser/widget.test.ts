import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { abandonCart, api, demoStore, launchChromium, mintVisitor, origin, until } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function popupDue(sequenceId: string) {
  await until(async () => (await api(`/api/v1/recovery/sequences/${sequenceId}`)).steps_completed.includes("popup_1h"));
}

/**
 * A shopper whose cart's popup is due, and the demo storefront URL that hands the widget this
 * shopper's visitor (as npm start's URL does).
 */
async function shopperWithOffer() {
  const shopper = await mintVisitor();
  const cart = await abandonCart(6, shopper.visitor_id);
  await popupDue(cart.sequenceId);
  return { cart, url: `${origin()}/demo?key=${demoStore().publishable_key}&cart_token=${cart.token}&visitor_token=${shopper.visitor_token}` };
}

describe("the widget on the demo storefront", () => {
  it("shows the recovery popup after its delay and records shown and dismissed", async () => {
    const page = await browser.newPage();
    // A first visit: the widget gets a signed visitor from the Worker and keeps it; the storefront
    // saves the shopper's cart with that visitor's id.
    await page.goto(`${origin()}/demo?key=${demoStore().publishable_key}`);
    const visitorId = (await (await page.waitForFunction(() => localStorage.getItem("reva_vtok") && localStorage.getItem("reva_vid"))).jsonValue()) as string;
    expect(visitorId).toMatch(/^v_/);
    const cart = await abandonCart(6, visitorId);
    await popupDue(cart.sequenceId);
    await page.clock.install();
    await page.goto(`${origin()}/demo?key=${demoStore().publishable_key}&cart_token=${cart.token}`);
    const dialog = page.getByRole("dialog");
    await page.clock.runFor(1_000);
    expect(await dialog.count()).toBe(0);
    await page.clock.runFor(5_000);
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("Stoneware <mug>");

    await page.getByTestId("reva-dismiss").click();
    await until(async () => {
      const sequence = await api(`/api/v1/recovery/sequences/${cart.sequenceId}`);
      const types = sequence.timeline.map((e: any) => e.type);
      return types.includes("popup_shown") && types.includes("popup_dismissed");
    });
    expect(await dialog.count()).toBe(0);
    await page.close();
  });

  it("sends the shopper to checkout with on-site UTM parameters, keeping the URL's own query", async () => {
    const { cart, url } = await shopperWithOffer();
    const page = await browser.newPage();
    await page.clock.install();
    await page.goto(url);
    await page.clock.runFor(6_000);
    const cta = page.getByTestId("reva-cta");
    await cta.waitFor();
    const href = new URL((await cta.getAttribute("href")) as string);
    expect(href.searchParams.get("cart")).toBe(cart.token);
    expect(href.searchParams.get("ref")).toBe("mail");
    expect(href.searchParams.get("utm_source")).toBe("reva");
    expect(href.searchParams.get("utm_medium")).toBe("onsite");
    await page.close();

    // Another browser that only knows the cart's token sees nothing of it.
    const stranger = await browser.newPage();
    const fetched: string[] = [];
    stranger.on("request", (request) => fetched.push(new URL(request.url()).pathname));
    await stranger.clock.install();
    await stranger.goto(`${origin()}/demo?key=${demoStore().publishable_key}&cart_token=${cart.token}`);
    await stranger.waitForFunction(() => localStorage.getItem("reva_vtok"));
    await stranger.clock.runFor(60_000);
    expect(await stranger.getByRole("dialog").count()).toBe(0);
    // Without an offer only the small loader runs: the popup's code is never fetched.
    expect(fetched).toContain("/widget.js");
    expect(fetched).not.toContain("/widget-popup.js");
    await stranger.close();
  });

  it("honours a dismissal in a second browser context of the same shopper (the server remembers it, not the browser)", async () => {
    const { cart, url } = await shopperWithOffer();
    const first = await browser.newPage();
    await first.clock.install();
    await first.goto(url);
    await first.clock.runFor(6_000);
    await first.getByTestId("reva-dismiss").click();
    await until(async () => (await api(`/api/v1/recovery/sequences/${cart.sequenceId}`)).timeline.some((e: any) => e.type === "popup_dismissed"));
    await first.close();

    // Another device: its own storage, so only the server knows about the dismissal.
    const context = await browser.newContext();
    const second = await context.newPage();
    await second.clock.install();
    await second.goto(url);
    await second.waitForFunction(() => localStorage.getItem("reva_vtok"));
    await second.clock.runFor(60_000);
    expect(await second.getByRole("dialog").count()).toBe(0);
    await context.close();
  });

  it("opens on exit intent instead of after the delay when the store sets it, and at most once per page view", async () => {
    await api("/api/v1/store/settings", { method: "PATCH", body: { popup: { exit_intent: true } } });
    try {
      const { url } = await shopperWithOffer();
      const page = await browser.newPage();
      await page.clock.install();
      await page.goto(url);
      await page.waitForFunction(() => localStorage.getItem("reva_vtok"));
      await page.clock.runFor(60_000);
      const dialog = page.getByRole("dialog");
      expect(await dialog.count()).toBe(0);
      const leave = () => page.evaluate(() => document.dispatchEvent(new MouseEvent("mouseout", { clientY: -1, relatedTarget: null })));
      await leave();
      await dialog.waitFor();
      await page.keyboard.press("Escape");
      expect(await dialog.count()).toBe(0);
      await leave();
      await page.evaluate(() => window.Reva?.show());
      await page.clock.runFor(1_000);
      expect(await dialog.count()).toBe(0);
      await page.close();
    } finally {
      await api("/api/v1/store/settings", { method: "PATCH", body: { popup: { exit_intent: false } } });
    }
  });

  it("in chat mode hands the offer to the demo chat instead of opening the popup, whose code is never fetched", async () => {
    const { cart, url } = await shopperWithOffer();
    const page = await browser.newPage();
    const fetched: string[] = [];
    page.on("request", (request) => fetched.push(new URL(request.url()).pathname));
    await page.clock.install();
    await page.goto(`${url}&mode=chat`);
    const offer = page.getByTestId("demo-chat-offer");
    await page.waitForFunction(() => localStorage.getItem("reva_vtok"));
    await page.clock.runFor(1_000);
    expect(await offer.count()).toBe(0);
    await page.clock.runFor(5_000);
    await offer.waitFor();
    expect(await offer.textContent()).toContain("Stoneware <mug>");
    const checkout = new URL((await offer.getByRole("link", { name: "Complete purchase" }).getAttribute("href")) as string);
    expect(checkout.searchParams.get("cart")).toBe(cart.token);
    expect(checkout.searchParams.get("utm_medium")).toBe("onsite");
    expect(await page.getByTestId("demo-events").textContent()).toContain(`popup shown (sequence ${cart.sequenceId})`);
    await until(async () => (await api(`/api/v1/recovery/sequences/${cart.sequenceId}`)).timeline.some((e: any) => e.type === "popup_shown"));

    await page.clock.runFor(60_000);
    expect(await page.getByRole("dialog").count()).toBe(0);
    expect(fetched).toContain("/widget.js");
    expect(fetched).not.toContain("/widget-popup.js");

    // The chat's "Complete purchase" calls accept(): the click is reported like the popup's (navigation held back here).
    await page.evaluate(() =>
      document.querySelector('[data-testid="demo-chat-offer"] a')?.addEventListener("click", (event) => event.preventDefault()),
    );
    await offer.getByRole("link", { name: "Complete purchase" }).click();
    await until(async () => (await api(`/api/v1/recovery/sequences/${cart.sequenceId}`)).timeline.some((e: any) => e.type === "popup_clicked"));
    expect(await page.getByTestId("demo-events").textContent()).toContain("popup clicked");
    await page.close();
  });

  it("tells the Worker the cart from Reva.setCart, or from Shopify's /cart.js when the page gives none", async () => {
    const sessionCarts = (page: Page) => {
      const carts: (string | undefined)[] = [];
      page.on("request", (request) => {
        if (new URL(request.url()).pathname === "/api/v1/widget/session") carts.push(request.postDataJSON().cart_token);
      });
      return carts;
    };
    const plain = await browser.newPage();
    const plainCarts = sessionCarts(plain);
    const plainPaths: string[] = [];
    plain.on("request", (request) => plainPaths.push(new URL(request.url()).pathname));
    await plain.goto(`${origin()}/demo?key=${demoStore().publishable_key}`);
    await plain.waitForFunction(() => localStorage.getItem("reva_vtok"));
    await plain.evaluate(() => window.Reva?.setCart({ token: "headless-cart-1?key=abc" }));
    await until(async () => plainCarts.includes("headless-cart-1"));
    // Not a Shopify storefront: no stray request for /cart.js.
    expect(plainPaths).not.toContain("/cart.js");
    expect(plainCarts[0]).toBeUndefined();
    await plain.close();

    const shopify = await browser.newPage();
    const shopifyCarts = sessionCarts(shopify);
    await shopify.addInitScript(() => {
      (window as any).Shopify = { shop: "demo.myshopify.com" };
    });
    await shopify.route("**/cart.js", (route) => route.fulfill({ json: { token: "shopify-cart-1?key=def", items: [] } }));
    await shopify.goto(`${origin()}/demo?key=${demoStore().publishable_key}`);
    await shopify.waitForFunction(() => localStorage.getItem("reva_vtok"));
    expect(shopifyCarts).toEqual(["shopify-cart-1"]);
    await shopify.close();
  });

  it("never breaks the host page when the API is down", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.route("**/api/v1/widget/**", (route) => route.abort());
    await page.clock.install();
    await page.goto(`${origin()}/demo?key=${demoStore().publishable_key}&cart_token=nothing`);
    await page.clock.runFor(60_000);
    expect(await page.getByRole("dialog").count()).toBe(0);
    expect(errors).toEqual([]);
    expect(await page.title()).toBe("Reva Demo Store");
    await page.close();
  });
});

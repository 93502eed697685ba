import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoSeriousViolations } from "./axe";
import { abandonCart, api, demoStore, launchChromium, mintVisitor, origin, signIn, until } from "./browser";

/**
 * Every screen behind sign-in, by its hash route. A new screen is one more line here; `ready` is a
 * test id that is on the page once its data has loaded (by default: its h1, with no "Loading…" left).
 */
const DASHBOARD_PAGES: { name: string; hash: (seeded: Seeded) => string; ready?: string }[] = [
  { name: "overview", hash: () => "#/", ready: "trend-chart" },
  { name: "sequences", hash: () => "#/sequences", ready: "sequence-row" },
  { name: "sequence detail", hash: (seeded) => `#/sequences/${seeded.sequenceId}`, ready: "timeline-item" },
  { name: "outbox", hash: () => "#/outbox", ready: "outbox-row" },
  { name: "suppressions", hash: () => "#/suppressions", ready: "suppression-table" },
  { name: "settings", hash: () => "#/settings" },
  { name: "integrations", hash: () => "#/integrations", ready: "resend-health" },
  { name: "popup A/B test", hash: () => "#/popup-test" },
  { name: "deliverability", hash: () => "#/deliverability" },
];

/** Desktop, and the narrowest phone the dashboard supports. */
const VIEWPORTS = [
  { name: "1280 px", width: 1280, height: 900 },
  { name: "375 px", width: 375, height: 800 },
];

type Seeded = { sequenceId: string; storefront: string };

let browser: Browser;
let seeded: Seeded;

beforeAll(async () => {
  browser = await launchChromium();
  // A sequence with a sent email, an outbox row and a suppressed address, so no page is only empty.
  const shopper = await mintVisitor();
  const cart = await abandonCart(16, shopper.visitor_id);
  await until(async () => (await api(`/api/v1/recovery/sequences/${cart.sequenceId}`)).steps_completed.includes("email_2h"));
  await api("/api/v1/suppressions", { body: { email: `a11y-${crypto.randomUUID().slice(0, 8)}@example.com` } });
  seeded = {
    sequenceId: cart.sequenceId,
    storefront: `${origin()}/demo?key=${demoStore().publishable_key}&cart_token=${cart.token}&visitor_token=${shopper.visitor_token}`,
  };
});
afterAll(async () => {
  await browser?.close();
});


/** Waits until the screen shows its data: its heading, no loading notice, and its `ready` element. */
async function waitUntilLoaded(page: Page, ready?: string) {
  await page.locator("main h1").first().waitFor();
  if (ready) await page.getByTestId(ready).first().waitFor();
  await until(async () => (await page.getByText(/^Loading/).count()) === 0);
}

/** The whole page never scrolls sideways; wide tables scroll inside their own container. */
async function expectNoHorizontalScroll(page: Page, label: string, width: number) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  // On failure, name the outermost elements that stick out, so the fix is easy to find.
  const culprits = await page.evaluate((limit) => {
    const wide = [...document.body.querySelectorAll("*")].filter((element) => element.getBoundingClientRect().right > limit + 0.5);
    return wide
      .filter((element) => !wide.includes(element.parentElement!))
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join(".")} (${Math.round(element.getBoundingClientRect().right)} px)`);
  }, width);
  expect(scrollWidth, `${label}: the page is ${scrollWidth} px wide; sticking out: ${culprits.join(", ")}`).toBeLessThanOrEqual(width);
}

describe.each(VIEWPORTS)("accessibility at $name", (viewport) => {
  // A context per test: its own cookies, so each test starts signed out.
  const contexts: BrowserContext[] = [];
  async function newPage() {
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
    contexts.push(context);
    return context.newPage();
  }
  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
  });

  it("the sign-in page, also with its error shown", async () => {
    const page = await newPage();
    await page.goto(`${origin()}/`);
    await page.getByTestId("signin-key").waitFor();
    await expectNoSeriousViolations(page, `sign-in at ${viewport.name}`);
    await expectNoHorizontalScroll(page, "sign-in", viewport.width);
    await page.getByTestId("signin-key").fill("sk_wrong");
    await page.getByTestId("signin-submit").click();
    await page.getByTestId("signin-error").waitFor();
    await expectNoSeriousViolations(page, `sign-in error at ${viewport.name}`);
    await page.close();
  });

  it("every dashboard page", async () => {
    const page = await newPage();
    await signIn(page);
    for (const screen of DASHBOARD_PAGES) {
      await page.goto(`${origin()}/${screen.hash(seeded)}`);
      await waitUntilLoaded(page, screen.ready);
      const label = `${screen.name} at ${viewport.name}`;
      await expectNoSeriousViolations(page, label);
      await expectNoHorizontalScroll(page, label, viewport.width);
    }
    await page.close();
  });

  it("the main navigation reaches every section at this width", async () => {
    const page = await newPage();
    await signIn(page);
    const links = page.getByRole("navigation", { name: "Main" }).getByRole("link");
    expect(await links.count()).toBeGreaterThanOrEqual(5);
    for (let index = 0; index < (await links.count()); index++) {
      const link = links.nth(index);
      const box = await link.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= viewport.width, `${await link.textContent()} is in sight: ${JSON.stringify(box)}`).toBe(true);
      await link.click();
      await until(async () => (await link.getAttribute("aria-current")) === "page");
    }
    await page.close();
  });

  it("shows where keyboard focus is on every control Tab reaches", async () => {
    const page = await newPage();
    await signIn(page);
    await page.goto(`${origin()}/#/sequences/${seeded.sequenceId}`);
    await waitUntilLoaded(page, "timeline-item");
    let reached = 0;
    for (let press = 0; press < 30; press++) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (!element || element === document.body) return null;
        const style = getComputedStyle(element);
        return {
          name: `${element.tagName.toLowerCase()} ${element.getAttribute("data-testid") ?? element.textContent?.trim().slice(0, 30)}`,
          outlined: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        };
      });
      if (!focused) continue;
      reached++;
      expect(focused.outlined, `${focused.name} has a visible focus outline`).toBe(true);
    }
    expect(reached).toBeGreaterThanOrEqual(15);
    await page.close();
  });

  it("the demo storefront with the popup open", async () => {
    const page = await newPage();
    await page.clock.install();
    await page.goto(seeded.storefront);
    await page.clock.runFor(60_000);
    await page.getByRole("dialog").waitFor();
    await expectNoSeriousViolations(page, `storefront popup at ${viewport.name}`);
    await expectNoHorizontalScroll(page, "storefront popup", viewport.width);
    await page.close();
  });

  it("the demo storefront in chat mode with the offer in the chat", async () => {
    const page = await newPage();
    await page.clock.install();
    await page.goto(`${seeded.storefront}&mode=chat`);
    await page.waitForFunction(() => localStorage.getItem("reva_vtok"));
    await page.clock.runFor(60_000);
    await page.getByTestId("demo-chat-offer").waitFor();
    await expectNoSeriousViolations(page, `storefront chat at ${viewport.name}`);
    await expectNoHorizontalScroll(page, "storefront chat", viewport.width);
    await page.close();
  });
});

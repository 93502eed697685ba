// `npm run screenshots`: the README's pictures, taken from the real product. Builds the frontends,
// starts `wrangler dev` on throwaway local state (as `npm start` does, on its own port), seeds the
// demo store, drives headless Chromium and writes docs/screenshots/*.png.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startDevServer } from "./lib/dev-server.mjs";
import { ensureDemoStore, mintDemoVisitor } from "./lib/demo-store.mjs";
import { applyLocalMigrations, buildFrontends, root, run } from "./lib/toolchain.mjs";

const OUT_DIR = join(root, "docs", "screenshots");
const VIEWPORT = { width: 1280, height: 860 };
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Where Settings shows a step's email editor (subject, body, preview): the settings screen is the
 * one most likely to change, so its selector lives here.
 */
const SETTINGS_EMAIL_EDITOR = '[data-testid="email-editor"]';

/**
 * The shoppers' carts, abandoned a little while ago so the popup and the first emails are already
 * due. The first (the storefront's shopper, shown on the sequence screenshot) was abandoned long
 * enough ago that three emails fell due at once: the earlier two are skipped, with their reason.
 */
const FIRST_CART_AGE_MS = 50_000;
const OTHER_CART_AGE_MS = 20_000;
const CARTS = [
  { email: "maya@example.com", items: [["mug", "Stoneware Mug", "24.00", 2], ["tote", "Linen Tote Bag", "38.00", 1]] },
  { email: "jonas@example.com", items: [["coffee-set", "Pour-Over Coffee Set", "56.00", 1]] },
  { email: "lea@example.com", items: [["tote", "Linen Tote Bag", "38.00", 2]] },
  { email: "sam@example.com", items: [["mug", "Stoneware Mug", "24.00", 1]] },
  { email: "noor@example.com", items: [["coffee-set", "Pour-Over Coffee Set", "56.00", 1], ["mug", "Stoneware Mug", "24.00", 1]] },
];
/** Of those, the carts whose shopper comes back and buys (recovered, with revenue). */
const BUYERS = new Set(["jonas@example.com", "lea@example.com"]);

async function call(origin, path, key, body) {
  const response = await fetch(`${origin}${path}`, {
    method: body ? "POST" : "GET",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function until(check, what, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function seed(origin, store, visitorId) {
  const sequences = [];
  for (const [index, cart] of CARTS.entries()) {
    const token = `shot-${index + 1}-${Date.now().toString(36)}`;
    const items = cart.items.map(([id, title, price, quantity]) => ({ id, title, price, quantity }));
    const total = items.reduce((sum, item) => sum + Number(item.price) * item.quantity, 0).toFixed(2);
    const saved = await call(origin, "/api/v1/carts", store.secret_key, {
      cart_token: token,
      email: cart.email,
      accepts_marketing: true,
      currency: "USD",
      total_price: total,
      checkout_url: `${origin}/demo/checkout?cart=${token}`,
      items,
      updated_at: new Date(Date.now() - (index === 0 ? FIRST_CART_AGE_MS : OTHER_CART_AGE_MS)).toISOString(),
      ...(index === 0 ? { visitor_id: visitorId } : {}),
    });
    sequences.push({ id: saved.sequence.id, token, email: cart.email, total });
  }
  // Every cart gets its popup and an email before some of them are bought.
  const emailSent = async (id) => (await call(origin, `/api/v1/recovery/sequences/${id}`, store.secret_key)).steps.some((step) => step.channel === "email" && step.status === "sent");
  for (const sequence of sequences) await until(() => emailSent(sequence.id), `an email to ${sequence.email}`);
  for (const sequence of sequences.filter((s) => BUYERS.has(s.email))) {
    await call(origin, "/api/v1/orders", store.secret_key, { order_id: `order-${sequence.token}`, cart_token: sequence.token, email: sequence.email, total_price: sequence.total, currency: "USD" });
  }
  return sequences;
}

/**
 * Illustrative history for the trend chart: the demo store is minutes old, so the 13 days before
 * today get daily rollup rows (the table the chart reads) written straight into the throwaway D1.
 * Only the past days are made up; today's numbers are the seeded carts above.
 */
function writeHistory(storeId, persistTo) {
  const rows = [];
  for (let daysAgo = 13; daysAgo >= 1; daysAgo--) {
    const day = new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const abandoned = 14 + ((daysAgo * 7) % 11);
    const recovered = 2 + ((daysAgo * 5) % 4);
    const sent = abandoned * 2 - (daysAgo % 3);
    rows.push(`('${storeId}','${day}','sequence_started',${abandoned},0)`);
    rows.push(`('${storeId}','${day}','sequence_recovered',${recovered},${recovered * (4200 + ((daysAgo * 937) % 3100))})`);
    rows.push(`('${storeId}','${day}','email_sent',${sent},0)`);
  }
  const sql = `INSERT INTO daily_metrics (store_id, day, metric, count, amount_cents) VALUES ${rows.join(",")};`;
  run("wrangler", ["d1", "execute", "reva", "--local", "--persist-to", persistTo, "--command", sql], { stdio: ["ignore", "ignore", "inherit"] });
}

async function shoot(page, name) {
  const path = join(OUT_DIR, `${name}.png`);
  await page.screenshot({ path, animations: "disabled" });
  console.log(`  wrote ${path}`);
}

const persistTo = mkdtempSync(join(tmpdir(), "reva-screenshots-"));
let server;
let browser;
try {
  if (!process.argv.includes("--no-build")) buildFrontends();
  applyLocalMigrations(persistTo);
  server = await startDevServer({ port: 8700 + Math.floor(Math.random() * 100), persistTo, quiet: true, vars: { REVA_ENV: "development" } });
  const { origin } = server;
  const store = await ensureDemoStore(origin, { persistTo });
  const shopper = await mintDemoVisitor(origin, store.publishable_key);
  console.log("Seeding the demo store (about a minute: the sequences run for real)…");
  const sequences = await seed(origin, store, shopper.visitor_id);
  writeHistory(store.id, persistTo);

  mkdirSync(OUT_DIR, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  await page.getByTestId("signin-key").fill(store.secret_key);
  await page.getByTestId("signin-submit").click();

  await page.getByTestId("trend-chart").waitFor();
  await page.getByTestId("sequence-row").first().waitFor();
  await shoot(page, "overview");

  await page.goto(`${origin}/#/sequences/${sequences[0].id}`);
  await page.getByTestId("timeline-item").first().waitFor();
  await shoot(page, "sequence");

  await page.goto(`${origin}/#/settings`);
  const editor = page.locator(SETTINGS_EMAIL_EDITOR).first();
  await editor.waitFor();
  // The Worker's preview has rendered into the editor (its subject line is filled in).
  await page.waitForFunction((selector) => document.querySelector(`${selector} [data-testid="preview-subject"]`)?.textContent?.trim(), SETTINGS_EMAIL_EDITOR);
  await editor.frameLocator('[data-testid="email-preview-frame"]').locator("table").first().waitFor();
  // Below the sticky top bar, not under it.
  await editor.evaluate((element) => {
    element.scrollIntoView({ block: "start" });
    window.scrollBy(0, -(document.querySelector(".topbar")?.getBoundingClientRect().height ?? 0) - 24);
  });
  await shoot(page, "settings");

  // The first cart was saved for this visitor: the demo storefront offers it, after its delay.
  const storefront = `${origin}/demo?key=${store.publishable_key}&cart_token=${sequences[0].token}&visitor_token=${shopper.visitor_token}`;
  for (const [name, url, ready] of [
    ["popup", storefront, (p) => p.getByRole("dialog")],
    ["chat", `${storefront}&mode=chat`, (p) => p.getByTestId("demo-chat-offer")],
  ]) {
    const shop = await context.newPage();
    await shop.clock.install();
    await shop.goto(url);
    await shop.waitForFunction(() => localStorage.getItem("reva_vtok"));
    await shop.clock.runFor(60_000);
    await ready(shop).waitFor();
    await shoot(shop, name);
    await shop.close();
  }
} finally {
  await browser?.close();
  await server?.stop();
  rmSync(persistTo, { recursive: true, force: true });
}

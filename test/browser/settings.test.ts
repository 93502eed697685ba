import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeResend } from "../fakes/resend-server.mjs";
import { launchChromium, until } from "./browser";
import { createStore, startOwnWorker, type OwnWorker } from "./own-worker";

/**
 * The Settings screen against a Worker of its own that sends through the fake Resend (the shared
 * browser Worker runs in outbox mode), so a test send can be compared with what Resend received.
 */
const RESEND_KEY = "re_browser_settings_5d1c";

let browser: Browser;
let resend: { url: string; close: () => Promise<void> };
let server: OwnWorker;

beforeAll(async () => {
  resend = await startFakeResend({ apiKey: RESEND_KEY, requestsPerSecond: 50 });
  server = await startOwnWorker("settings", { RESEND_API_KEY: RESEND_KEY, RESEND_BASE_URL: resend.url });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  await resend?.close();
});

type Keys = { id: string; secret_key: string };

const newStore = (): Promise<Keys> => createStore(server.origin, "Settings Store");

async function settingsOf(store: Keys) {
  const response = await fetch(`${server.origin}/api/v1/store/settings`, { headers: { authorization: `Bearer ${store.secret_key}` } });
  return response.json();
}

async function openSettings(store: Keys, width = 1280): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(`${server.origin}/`);
  await page.getByTestId("signin-key").fill(store.secret_key);
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("stat-total-sequences").waitFor();
  await page.goto(`${server.origin}/#/settings`);
  await page.getByTestId("section-store").waitFor();
  return page;
}

async function reload(page: Page) {
  await page.reload();
  await page.getByTestId("section-store").waitFor();
}

const field = (page: Page, name: string) => page.getByTestId(`settings-${name}`);
const errorOf = (page: Page, name: string) => page.getByTestId(`error-${name}`);

async function save(page: Page, section: string) {
  const answered = page.waitForResponse((response) => response.url().endsWith("/api/v1/store/settings") && response.request().method() === "PATCH");
  await page.getByTestId(`save-${section}`).click();
  await answered;
  await until(async () => ((await page.getByTestId(`message-${section}`).textContent()) === "Saved." ? true : (await page.getByTestId(`section-${section}`).getByTestId("error").count()) > 0));
}

/** Saves and waits for the section to say so: an error left from the live draft check must not end the wait early. */
async function expectSaved(page: Page, section: string) {
  const answered = page.waitForResponse((response) => response.url().endsWith("/api/v1/store/settings") && response.request().method() === "PATCH");
  await page.getByTestId(`save-${section}`).click();
  expect((await answered).status()).toBe(200);
  await until(async () => (await page.getByTestId(`message-${section}`).textContent()) === "Saved.");
  expect(await page.getByTestId(`section-${section}`).getByTestId("error").count()).toBe(0);
  expect(await page.getByTestId(`message-${section}`).textContent()).toBe("Saved.");
}

/** Link tokens are sealed afresh on every render: compare emails with their URLs blanked. */
const withoutUrls = (text: string) => text.replace(/https?:\/\/[^\s"'<>)]+/g, "URL");

describe("the Settings screen", () => {
  it("saves every store and sender field (the reload and the API agree)", async () => {
    const store = await newStore();
    const page = await openSettings(store);
    const values = {
      name: "Renamed Store",
      from_email: "shop@renamed.example.com",
      from_name: "Renamed Team",
      reply_to: "help@renamed.example.com",
      domains: "renamed.example.com\nwww.renamed.example.com",
      address: "2 Market Street\nSpringfield",
      logo_url: "https://cdn.example.com/logo.png",
      timezone: "Europe/Paris",
      currency: "EUR",
      locale: "fr-FR",
    };
    for (const [name, value] of Object.entries(values)) await field(page, name).fill(value);
    await expectSaved(page, "store");
    await reload(page);
    for (const [name, value] of Object.entries(values)) expect(await field(page, name).inputValue()).toBe(value);
    const saved = await settingsOf(store);
    expect(saved).toMatchObject({ ...values, domains: ["renamed.example.com", "www.renamed.example.com"] });
    // Blank optional fields mean none.
    await field(page, "reply_to").fill("");
    await field(page, "logo_url").fill("");
    await expectSaved(page, "store");
    expect(await settingsOf(store)).toMatchObject({ reply_to: null, logo_url: null });
    await page.close();
  });

  it("shows the API's message next to each store field, and saves nothing", async () => {
    const store = await newStore();
    const before = await settingsOf(store);
    const page = await openSettings(store);
    const bad = { from_email: "not-an-email", reply_to: "nobody@", logo_url: "javascript:alert(1)", timezone: "Mars/Olympus", currency: "euro", locale: "!!", domains: "not a domain!", name: " " };
    for (const [name, value] of Object.entries(bad)) await field(page, name).fill(value);
    await save(page, "store");
    for (const name of Object.keys(bad)) {
      await errorOf(page, name).waitFor();
      expect((await errorOf(page, name).textContent())?.length).toBeGreaterThan(0);
      expect(await field(page, name).getAttribute("aria-invalid")).toBe("true");
      expect(await field(page, name).getAttribute("aria-describedby")).toContain(await errorOf(page, name).getAttribute("id"));
    }
    expect(await errorOf(page, "timezone").textContent()).toBe("unknown IANA time zone");
    expect(await settingsOf(store)).toEqual(before);
    await page.close();
  });

  it("saves the sending rules and shows their errors (quiet hours format, cap, limit, window)", async () => {
    const store = await newStore();
    const page = await openSettings(store);
    await field(page, "consent_mode").selectOption("all");
    await field(page, "frequency_cap.max_emails").fill("2");
    await field(page, "frequency_cap.per_hours").fill("48");
    await field(page, "daily_send_limit_on").check();
    await field(page, "daily_send_limit").fill("250");
    await field(page, "quiet_hours_on").check();
    await field(page, "quiet_hours.start").fill("22:30");
    await field(page, "quiet_hours.end").fill("07:15");
    await field(page, "attribution_window_days").fill("14");
    await field(page, "abandonment_horizon_days").fill("3");
    await field(page, "failure_policy").selectOption("defer");
    await field(page, "resend.requests_per_second").fill("5");
    await expectSaved(page, "rules");
    const expected = {
      consent_mode: "all",
      frequency_cap: { max_emails: 2, per_hours: 48 },
      daily_send_limit: 250,
      quiet_hours: { start: "22:30", end: "07:15" },
      attribution_window_days: 14,
      abandonment_horizon_days: 3,
      failure_policy: "defer",
      resend: { requests_per_second: 5 },
    };
    expect(await settingsOf(store)).toMatchObject(expected);
    await reload(page);
    expect(await field(page, "consent_mode").inputValue()).toBe("all");
    expect(await field(page, "frequency_cap.per_hours").inputValue()).toBe("48");
    expect(await field(page, "daily_send_limit").inputValue()).toBe("250");
    expect(await field(page, "quiet_hours.start").inputValue()).toBe("22:30");
    expect(await field(page, "quiet_hours.end").inputValue()).toBe("07:15");
    expect(await field(page, "attribution_window_days").inputValue()).toBe("14");
    expect(await field(page, "abandonment_horizon_days").inputValue()).toBe("3");
    expect(await field(page, "failure_policy").inputValue()).toBe("defer");
    expect(await field(page, "resend.requests_per_second").inputValue()).toBe("5");

    await field(page, "quiet_hours.start").fill("9pm");
    await field(page, "frequency_cap.max_emails").fill("0");
    await field(page, "daily_send_limit").fill("0");
    await field(page, "attribution_window_days").fill("91");
    await field(page, "abandonment_horizon_days").fill("0");
    await field(page, "resend.requests_per_second").fill("");
    await save(page, "rules");
    expect(await errorOf(page, "quiet_hours.start").textContent()).toBe("expected HH:MM (24 h)");
    for (const name of ["frequency_cap.max_emails", "daily_send_limit", "attribution_window_days", "abandonment_horizon_days", "resend.requests_per_second"]) await errorOf(page, name).waitFor();
    expect(await settingsOf(store)).toMatchObject(expected);

    // "None" for the daily limit and the quiet hours.
    await reload(page);
    await field(page, "daily_send_limit_on").uncheck();
    await field(page, "quiet_hours_on").uncheck();
    await expectSaved(page, "rules");
    expect(await settingsOf(store)).toMatchObject({ daily_send_limit: null, quiet_hours: null });
    await page.close();
  });

  it("saves the popup and shows its errors", async () => {
    const store = await newStore();
    const page = await openSettings(store);
    const values = { "popup.delay_seconds": "45", "popup.dismiss_hours": "12", "popup.title": "Still deciding?", "popup.body": "Your cart is saved.\nCome back soon.", "popup.cta": "Back to cart", "popup.dismiss_label": "No thanks" };
    for (const [name, value] of Object.entries(values)) await field(page, name).fill(value);
    await field(page, "popup.exit_intent").check();
    await expectSaved(page, "popup");
    await reload(page);
    for (const [name, value] of Object.entries(values)) expect(await field(page, name).inputValue()).toBe(value);
    expect(await field(page, "popup.exit_intent").isChecked()).toBe(true);
    expect((await settingsOf(store)).popup).toMatchObject({ delay_seconds: 45, dismiss_hours: 12, exit_intent: true, title: "Still deciding?", body: "Your cart is saved.\nCome back soon.", cta: "Back to cart", dismiss_label: "No thanks" });

    await field(page, "popup.delay_seconds").fill("4000");
    await field(page, "popup.title").fill("");
    await field(page, "popup.cta").fill("a".repeat(61));
    await save(page, "popup");
    for (const name of ["popup.delay_seconds", "popup.title", "popup.cta"]) await errorOf(page, name).waitFor();
    expect((await settingsOf(store)).popup.delay_seconds).toBe(45);
    await page.close();
  });

  it("adds, reorders (by keyboard too) and removes steps; a delay of 0 is refused next to the step", async () => {
    const store = await newStore();
    const page = await openSettings(store);
    const ids = () => page.getByTestId("plan-step").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-step-id")));
    expect(await ids()).toEqual(["popup_1h", "email_2h", "email_24h", "email_48h", "email_72h"]);

    await page.getByTestId("add-step").click();
    const added = page.getByTestId("plan-step").last();
    await added.getByTestId("plan-step-id-input").fill("email_final");
    await added.getByTestId("plan-step-delay").fill("0");
    await save(page, "plan");
    expect(await added.getByTestId("error-plan-delay").textContent()).toMatch(/>=\s*1|too small/i);
    expect((await settingsOf(store)).steps).toHaveLength(5);

    await added.getByTestId("plan-step-delay").fill("4");
    await added.getByTestId("plan-step-delay-unit").selectOption({ label: "days" });
    // Move the new step up with the keyboard; focus stays on its row's button.
    await added.getByTestId("plan-move-up").focus();
    await page.keyboard.press("Enter");
    await until(async () => (await ids())[4] === "email_final");
    expect(await page.evaluate(() => document.activeElement?.closest("[data-step-id]")?.getAttribute("data-step-id"))).toBe("email_final");
    await page.keyboard.press(" ");
    await until(async () => (await ids())[3] === "email_final");
    // Remove the popup step, move email_2h down.
    await page.getByTestId("plan-step").first().getByTestId("plan-remove").click();
    await page.getByTestId("plan-step").first().getByTestId("plan-move-down").click();
    const expected = ["email_24h", "email_2h", "email_final", "email_48h", "email_72h"];
    expect(await ids()).toEqual(expected);
    await expectSaved(page, "plan");
    const saved = await settingsOf(store);
    expect(saved.steps.map((step: { id: string }) => step.id)).toEqual(expected);
    expect(saved.steps.find((step: { id: string }) => step.id === "email_final")).toMatchObject({ channel: "email", delay_seconds: 4 * 86_400 });
    // Steps keep their copy through a reorder.
    expect(saved.steps.find((step: { id: string }) => step.id === "email_24h").subject).toBe("Your cart is still waiting");
    await reload(page);
    expect(await ids()).toEqual(expected);
    const final = page.locator('[data-testid="plan-step"][data-step-id="email_final"]');
    expect(await final.getByTestId("plan-step-delay").inputValue()).toBe("4");
    expect(await final.getByTestId("plan-step-delay-unit").inputValue()).toBe("86400");
    expect(await page.getByTestId("email-editor").count()).toBe(5);
    await page.close();
  });

  it("previews the draft in a sandboxed frame, and the preview is what Resend receives for a test send", async () => {
    const store = await newStore();
    const page = await openSettings(store);
    const editor = page.locator('[data-testid="email-editor"][data-step-id="email_2h"]');
    const frame = editor.getByTestId("email-preview-frame");
    expect(await frame.getAttribute("sandbox")).toBe("");
    const previewFrame = () => page.frame({ name: "email-preview-email_2h" });
    /** The frame's text; empty while a new draft is being loaded into it. */
    const frameText = async () => (await previewFrame()?.evaluate(() => document.body?.innerText ?? "").catch(() => "")) ?? "";
    await until(async () => (await editor.getByTestId("preview-subject").textContent())?.includes("You left something in your cart"));

    // A draft is previewed before it is saved.
    await field(page, "steps.email_2h.subject").fill("A note for {{first_name}}");
    await field(page, "steps.email_2h.body").fill("Hello {{first_name}},\nyour {{item_count}} items at {{store_name}} are waiting.");
    await until(async () => (await editor.getByTestId("preview-subject").textContent())?.includes("A note for Alex"));
    await until(async () => (await frameText()).includes("your 3 items at Settings Store"));
    expect((await settingsOf(store)).steps[1].subject).toBe("You left something in your cart");

    // An unknown placeholder is named next to the field, before saving and on save.
    await field(page, "steps.email_2h.subject").fill("Use {{coupon}}");
    await errorOf(page, "steps.email_2h.subject").waitFor();
    expect(await errorOf(page, "steps.email_2h.subject").textContent()).toBe("unknown placeholder {{coupon}}");
    await save(page, "email-email_2h");
    expect(await errorOf(page, "steps.email_2h.subject").textContent()).toBe("unknown placeholder {{coupon}}");
    await field(page, "steps.email_2h.subject").fill("A note for {{first_name}}");
    await expectSaved(page, "email-email_2h");
    expect((await settingsOf(store)).steps[1]).toMatchObject({ subject: "A note for {{first_name}}", body: "Hello {{first_name}},\nyour {{item_count}} items at {{store_name}} are waiting." });
    await until(async () => (await frameText()).includes("your 3 items at Settings Store"));

    // Mobile width.
    await editor.getByTestId("preview-mobile").click();
    expect(await frame.evaluate((element) => element.getBoundingClientRect().width)).toBeLessThanOrEqual(375);
    expect(await editor.getByTestId("preview-mobile").getAttribute("aria-pressed")).toBe("true");

    // Send a test and compare with what the fake Resend received.
    await field(page, "test-to-email_2h").fill("merchant@example.com");
    await editor.getByTestId("send-test").click();
    await until(async () => (await editor.getByTestId("send-test-result").textContent())?.startsWith("Sent"));
    const sent = await until(async () => {
      const body = await (await fetch(`${resend.url}/__fake/sent?store_id=${store.id}`)).json();
      return body.emails[0] as { subject: string; html: string; text: string; to: string[]; tags: { name: string; value: string }[] } | undefined;
    });
    expect(sent.to).toEqual(["merchant@example.com"]);
    expect(sent.tags).toContainEqual({ name: "type", value: "test" });
    expect(await editor.getByTestId("preview-subject").textContent()).toBe(`Subject: ${sent.subject}`);
    await editor.locator("summary").click();
    expect(withoutUrls((await editor.getByTestId("preview-text").textContent()) ?? "")).toBe(withoutUrls(sent.text));
    const shownHtml = await previewFrame()!.evaluate(() => document.documentElement.outerHTML);
    const sentPage = await browser.newPage();
    await sentPage.setContent(sent.html);
    const sentHtml = await sentPage.evaluate(() => document.documentElement.outerHTML);
    await sentPage.close();
    expect(withoutUrls(shownHtml)).toBe(withoutUrls(sentHtml));
    await page.close();
  });

  it("shows the sending domain with its DNS records, and starts verification", async () => {
    const store = await newStore();
    const page = await openSettings(store);
    await field(page, "from_email").fill(`shop@verify-${Date.now()}.example.com`);
    await expectSaved(page, "store");
    await until(async () => (await page.getByTestId("sending-domain-status").getAttribute("data-status")) === "not_started");
    await until(async () => (await page.getByTestId("verify-domain").textContent()) === "Start verification");
    await page.getByTestId("verify-domain").click();
    await page.getByTestId("dns-records").waitFor();
    expect(await page.getByTestId("dns-records").locator("tbody tr").count()).toBe(3);
    expect(await page.getByTestId("dns-records").textContent()).toContain("resend._domainkey");
    // Resend checks the records in the background once asked again: pending until then.
    expect(await page.getByTestId("verify-domain").textContent()).toBe("Check again");
    await page.getByTestId("verify-domain").click();
    await until(async () => (await page.getByTestId("sending-domain-status").getAttribute("data-status")) === "pending");
    await page.close();
  });

  it("shows an outbox email in a sandboxed frame where its inline styles apply", async () => {
    const store = await newStore();
    const headers = { authorization: `Bearer ${store.secret_key}`, "content-type": "application/json" };
    await fetch(`${server.origin}/api/v1/store/settings`, {
      method: "PATCH",
      headers,
      body: JSON.stringify({ consent_mode: "all", steps: [{ id: "email_now", channel: "email", delay_seconds: 1, subject: "Back soon?", body: "Hi {{first_name}}" }] }),
    });
    const cart = await fetch(`${server.origin}/api/v1/carts`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        cart_token: `outbox-${Date.now()}`,
        email: "outbox-shopper@example.com",
        currency: "USD",
        total_price: "10.00",
        checkout_url: "https://shop.example.com/checkout",
        items: [{ id: "a", title: "Styled item", price: "10.00", quantity: 1 }],
        updated_at: new Date(Date.now() - 60_000).toISOString(),
      }),
    });
    expect(cart.status).toBe(200);
    await until(async () => (await (await fetch(`${server.origin}/api/v1/outbox`, { headers })).json()).data.length > 0, 40_000);
    const page = await openSettings(store);
    await page.goto(`${server.origin}/#/outbox`);
    const frame = page.getByTestId("outbox-html");
    await frame.waitFor();
    expect(await frame.getAttribute("sandbox")).toBe("");
    expect(await frame.getAttribute("srcdoc")).toBeNull();
    const email = await until(() => page.frames().find((f) => f.url().includes("/api/v1/outbox/")) ?? null);
    // The email's body carries style="background:#f6f8fa": applied only under the preview's own policy.
    await until(async () => (await email.evaluate(() => getComputedStyle(document.body).backgroundColor).catch(() => "")) === "rgb(246, 248, 250)");
    await page.close();
  });

  it("has no serious or critical accessibility violations (axe), at desktop and 375 px widths", async () => {
    const store = await newStore();
    for (const width of [1280, 375]) {
      // The dashboard's policy refuses injected scripts: axe runs in a context that bypasses it.
      const context = await browser.newContext({ bypassCSP: true, viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${server.origin}/`);
      await page.getByTestId("signin-key").fill(store.secret_key);
      await page.getByTestId("signin-submit").click();
      await page.getByTestId("stat-total-sequences").waitFor();
      await page.goto(`${server.origin}/#/settings`);
      await page.getByTestId("email-editor").first().waitFor();
      await page.getByTestId("dns-records").or(page.getByText("No DNS records yet")).first().waitFor();
      await page.addScriptTag({ path: createRequire(import.meta.url).resolve("axe-core/axe.min.js") });
      const violations = await page.evaluate(async () => {
        const result = await (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, { iframes: false });
        return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      });
      expect(violations).toEqual([]);
      await context.close();
    }
  });

  it("fits a 375 px wide screen", async () => {
    const store = await newStore();
    const page = await openSettings(store, 375);
    await page.getByTestId("email-editor").first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.close();
  });
});

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeResend } from "../fakes/resend-server.mjs";
import { expectNoSeriousViolations } from "./axe";
import { launchChromium, until } from "./browser";
import { type OwnWorker, startOwnWorker } from "./own-worker";

/*
 * The guard acts on Resend's signed webhooks about emails Resend accepted, so this file runs a
 * `wrangler dev` of its own that sends through the fake Resend (the shared browser server is in
 * outbox mode, where no email ever gets a Resend id), and signs the webhooks as Resend (Svix) does.
 */
const RESEND_KEY = "re_browser_deliverability";
const WEBHOOK_SECRET = `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(24))))}`;
const ADMIN_TOKEN = "dev-admin-token";

let browser: Browser;
let server: OwnWorker;
let resend: Awaited<ReturnType<typeof startFakeResend>>;

beforeAll(async () => {
  resend = await startFakeResend({ apiKey: RESEND_KEY, requestsPerSecond: 100 });
  const vars = { RESEND_API_KEY: RESEND_KEY, RESEND_BASE_URL: resend.url, RESEND_WEBHOOK_SECRET: WEBHOOK_SECRET };
  [server, browser] = await Promise.all([startOwnWorker("deliverability", vars), launchChromium()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  await resend?.close();
});

async function call(path: string, init: { key?: string; method?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {}) {
  const response = await fetch(`${server.origin}${path}`, {
    method: init.method ?? (init.body || init.raw ? "POST" : "GET"),
    headers: { "content-type": "application/json", ...(init.key ? { authorization: `Bearer ${init.key}` } : {}), ...init.headers },
    body: init.raw ?? (init.body ? JSON.stringify(init.body) : undefined),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

/** Headers Resend (Svix) signs a webhook with: HMAC-SHA256 of `id.timestamp.body` under the secret. */
async function svixHeaders(body: string) {
  const id = `msg_${crypto.randomUUID()}`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const raw = Uint8Array.from(atob(WEBHOOK_SECRET.slice("whsec_".length)), (ch) => ch.charCodeAt(0));
  const key = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${id}.${timestamp}.${body}`)));
  return { "svix-id": id, "svix-timestamp": timestamp, "svix-signature": `v1,${btoa(String.fromCharCode(...mac))}` };
}

async function resendWebhook(type: string, emailId: string, to: string) {
  const raw = JSON.stringify({ type, created_at: new Date().toISOString(), data: { email_id: emailId, to: [to], subject: "s", created_at: new Date().toISOString() } });
  await call("/webhooks/resend", { raw, headers: await svixHeaders(raw) });
}

/**
 * A store sending from its own verified domain (so its warm-up shows), with limits a single
 * complaint crosses, whose one email Resend accepted, delivered and then got a complaint for.
 */
async function pausedStore() {
  const n = crypto.randomUUID().slice(0, 8);
  const domain = `brand-${n}.test`;
  const store = await call("/api/v1/stores", { key: ADMIN_TOKEN, body: { name: `Deliverability ${n}`, domain: `deliv-${n}.example.com`, from_email: `hello@${domain}` } });
  await call("/api/v1/store/settings", {
    key: store.secret_key,
    method: "PATCH",
    body: {
      steps: [{ id: "email_1", channel: "email", delay_seconds: 1, subject: "Your cart", body: "Still there." }],
      deliverability: { complaint_rate_slow: 0.1, complaint_rate_pause: 0.2, bounce_rate_slow: 0.2, bounce_rate_pause: 0.5, min_sample: 1 },
    },
  });
  await call("/api/v1/store/sending-domain", { key: store.secret_key, method: "POST" });
  await call("/api/v1/store/sending-domain", { key: store.secret_key, method: "POST" });
  await fetch(`${resend.url}/__fake/domains/status`, { method: "POST", body: JSON.stringify({ name: domain, status: "verified" }) });
  await until(async () => (await call("/api/v1/store/sending-domain", { key: store.secret_key })).status === "verified");

  const token = `deliv-${n}`;
  const to = `${token}@example.com`;
  await call("/api/v1/carts", {
    key: store.secret_key,
    body: {
      cart_token: token,
      email: to,
      accepts_marketing: true,
      currency: "USD",
      total_price: "28.00",
      checkout_url: `${server.origin}/demo/checkout?cart=${token}`,
      items: [{ id: "tee", title: "Organic cotton tee", price: "28.00", quantity: 1 }],
      updated_at: new Date(Date.now() - 60_000).toISOString(),
    },
  });
  const emailId = await until(async () => {
    const sent = await (await fetch(`${resend.url}/__fake/sent?store_id=${store.id}&summary=1`)).json();
    return sent.emails[0]?.id as string | undefined;
  }, 60_000);
  await resendWebhook("email.delivered", emailId, to);
  await resendWebhook("email.complained", emailId, to);
  await until(async () => (await call("/api/v1/store/deliverability", { key: store.secret_key })).state === "paused");
  return { store, domain };
}

async function signIn(page: Page, secretKey: string) {
  await page.goto(`${server.origin}/`);
  await page.getByTestId("signin-key").fill(secretKey);
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("signout").waitFor();
}

describe("the Deliverability page", () => {
  it("shows a paused store why, charts its rates against the limits, resumes only after confirmation, and shows the API's message next to a bad limit", { timeout: 180_000 }, async () => {
    const { store, domain } = await pausedStore();
    const report = () => call("/api/v1/store/deliverability", { key: store.secret_key });

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, store.secret_key);
    await page.getByRole("link", { name: "Deliverability" }).click();
    const status = page.getByTestId("deliverability-status");
    await status.waitFor();

    // The state in a merchant's words, with the limit crossed, and the banner above it.
    expect(await status.getAttribute("data-state")).toBe("paused");
    expect(await status.textContent()).toBe("Sending paused: complaint rate 100.00 % over 24 h (limit 20.00 %)");
    expect(await page.getByTestId("deliverability-since").textContent()).toMatch(/^Paused since /);
    expect(await page.getByTestId("deliverability-banner").getAttribute("data-state")).toBe("paused");
    expect(await page.getByTestId("deliverability-warm-up").textContent()).toContain(domain);
    expect(await page.getByTestId("deliverability-24h-complaint-rate").textContent()).toBe("100.00 %");
    expect(await page.getByTestId("deliverability-7d").textContent()).toContain("100.00 %");

    // The chart: the complaint rate drawn as a point above its pause line, and the same as text.
    const point = page.getByTestId("complaint-point");
    expect(await point.count()).toBe(1);
    expect(await point.getAttribute("data-rate")).toBe("1");
    expect(Number(await point.getAttribute("cy"))).toBeLessThan(Number(await page.getByTestId("complaint-pause-line").getAttribute("y1")));
    expect(await page.getByTestId("complaint-chart").textContent()).toContain("Pause limit 20.00 %");
    expect(await page.getByTestId("deliverability-bucket").count()).toBe(1);

    await expectNoSeriousViolations(page, "deliverability page 1");

    // Cancel changes nothing, here or at the API.
    await page.getByTestId("deliverability-resume").click();
    const dialog = page.getByRole("dialog", { name: "Resume sending?" });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("deliverability-resume-confirm");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("deliverability-resume");
    expect(await status.getAttribute("data-state")).toBe("paused");
    expect((await report()).state).toBe("paused");

    // Confirm resumes: the page and the API agree on healthy, and the banner goes.
    await page.getByTestId("deliverability-resume").click();
    await dialog.getByRole("button", { name: "Yes, resume sending" }).click();
    await until(async () => (await status.getAttribute("data-state")) === "healthy");
    expect(await status.textContent()).toBe("Sending normally: bounce and complaint rates are within your limits.");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("deliverability-status");
    expect(await page.getByTestId("deliverability-banner").count()).toBe(0);
    expect(await page.getByTestId("deliverability-resume").count()).toBe(0);
    const resumed = await report();
    expect(resumed.state).toBe("healthy");
    expect(resumed.resumed_at).not.toBeNull();
    // The guard's windows start afresh, but the week's chart still shows what happened.
    expect(await page.getByTestId("deliverability-24h-complaint-rate").textContent()).toBe("0.00 %");
    expect(await page.getByTestId("deliverability-rates").textContent()).toContain("resumed sending");
    expect(await page.getByTestId("complaint-point").count()).toBe(1);
    expect(await page.getByTestId("deliverability-empty").count()).toBe(0);

    // A slow-down limit above the pause limit: the API's message next to the field, nothing saved.
    await page.getByTestId("deliverability-complaint-rate-slow").fill("50");
    await page.getByTestId("deliverability-policy-save").click();
    const fieldError = page.getByTestId("deliverability-complaint-rate-slow-error");
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toContain("complaint_rate_pause");
    expect(await page.getByTestId("deliverability-complaint-rate-slow").getAttribute("aria-invalid")).toBe("true");
    expect((await report()).policy.complaint_rate_slow).toBe(0.1);

    // A good one is saved as a fraction.
    await page.getByTestId("deliverability-complaint-rate-slow").fill("15");
    await page.getByTestId("deliverability-policy-save").click();
    await until(async () => (await report()).policy.complaint_rate_slow === 0.15);
    expect(await fieldError.count()).toBe(0);

    // A phone: nothing wider than the screen, the tables (the chart's text alternative open too) scroll in their cards.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByText("The same as a table").click();
    expect(await page.getByTestId("deliverability-buckets").isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectNoSeriousViolations(page, "deliverability page 2");
    await page.close();
  });

  it("shows the empty state for a store that has sent nothing, and no banner", { timeout: 60_000 }, async () => {
    const n = crypto.randomUUID().slice(0, 8);
    const store = await call("/api/v1/stores", { key: ADMIN_TOKEN, body: { name: `Quiet ${n}`, domain: `quiet-${n}.example.com`, from_email: "hello@example.com" } });
    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    await signIn(page, store.secret_key);
    await page.goto(`${server.origin}/#/deliverability`);
    await page.getByTestId("deliverability-empty").waitFor();
    expect(await page.getByTestId("deliverability-status").getAttribute("data-state")).toBe("healthy");
    expect(await page.getByTestId("deliverability-banner").count()).toBe(0);
    expect(await page.getByTestId("complaint-chart").count()).toBe(0);
    await expectNoSeriousViolations(page, "deliverability page 3");
    await page.close();
  });
});

import { readFileSync } from "node:fs";
import type { Browser, Page, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, origin, until } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const ADMIN_TOKEN = "dev-admin-token";
const hex = () => crypto.randomUUID().replaceAll("-", "");

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

/** A store of this test's own, so its keys and health touch no other browser test. */
async function newStore(): Promise<{ id: string; secret_key: string }> {
  const n = hex().slice(0, 8);
  return post(`${origin()}/api/v1/stores`, { name: `Integrations ${n}`, domain: `int-${n}.example.com`, from_email: "hello@example.com" }, { authorization: `Bearer ${ADMIN_TOKEN}` });
}

async function settingsOf(secretKey: string) {
  const response = await fetch(`${origin()}/api/v1/store/settings`, { headers: { authorization: `Bearer ${secretKey}` } });
  return response.json();
}

/** Every body the page received, read as it arrives, so a test can say what never reached the browser (the live stream aside). */
function recordBodies(page: Page) {
  const reads: Promise<string>[] = [];
  page.on("response", (response: Response) => {
    // The live channel's stream never ends; its notices carry ids and times only.
    if ((response.headers()["content-type"] ?? "").includes("text/event-stream")) return;
    reads.push(response.text().catch(() => ""));
  });
  return async () => (await Promise.all(reads)).join("\n");
}

async function signIn(page: Page, secretKey: string) {
  await page.goto(`${origin()}/`);
  await page.getByTestId("signin-key").fill(secretKey);
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("signout").waitFor();
}

async function openIntegrations(page: Page) {
  await page.getByRole("link", { name: "Integrations" }).click();
  await page.getByTestId("klaviyo-form").waitFor();
}

/** The page's markup and the values of all its inputs (a typed value is not in the markup). */
async function pageText(page: Page) {
  const values = await page.locator("input, select, textarea").evaluateAll((elements) => elements.map((element) => (element as HTMLInputElement).value));
  return `${await page.content()}\n${values.join("\n")}`;
}

describe("the Integrations page", () => {
  it("connects Klaviyo and GA4 with write-only keys, picks a recovery flow, and tests both connections", async () => {
    const store = await newStore();
    const fakes = inject("fakes");
    const klaviyoKey = `pk_${hex()}`;
    await post(`${fakes.klaviyo}/__fake/accounts`, { api_key: klaviyoKey, organization_name: "Browser Shop" });
    const { flow_ids: flowIds } = await post(`${fakes.klaviyo}/__fake/flows`, {
      api_key: klaviyoKey,
      flows: [{ name: "Welcome series", trigger_type: "Added to List" }, { name: "Abandoned Cart Reminder" }],
    });
    const measurementId = `G-${hex().slice(0, 10).toUpperCase()}`;
    const ga4Secret = hex().slice(0, 22);
    await post(`${fakes.ga4}/__fake/properties`, { measurement_id: measurementId, api_secret: ga4Secret });

    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    const bodies = recordBodies(page);
    await signIn(page, store.secret_key);
    await openIntegrations(page);
    await expect(page.getByTestId("klaviyo-api-key-status").textContent()).resolves.toBe("not configured");
    await expect(page.getByTestId("resend-mode").getAttribute("data-mode")).resolves.toBe("outbox");

    // A bad look-back: the API's message stands next to the field, and nothing is saved.
    await page.getByTestId("klaviyo-lookback").fill("0");
    await page.getByTestId("klaviyo-save").click();
    await expect(page.getByTestId("klaviyo-lookback-error").textContent()).resolves.toMatch(/1/);
    await page.getByTestId("klaviyo-lookback").fill("24");

    await page.getByTestId("klaviyo-api-key").fill(klaviyoKey);
    await page.getByTestId("klaviyo-save").click();
    await until(async () => (await page.getByTestId("klaviyo-api-key-status").textContent()) === `configured, ends in ${klaviyoKey.slice(-4)}`);
    expect(await page.getByTestId("klaviyo-api-key").inputValue()).toBe("");

    await page.getByTestId("ga4-measurement-id").fill(measurementId);
    await page.getByTestId("ga4-api-secret").fill(ga4Secret);
    await page.getByTestId("ga4-save").click();
    await until(async () => (await page.getByTestId("ga4-api-secret-status").textContent()) === `configured, ends in ${ga4Secret.slice(-4)}`);

    // The flows load once a key is saved; picking one saves it in recovery_flow_ids.
    await until(async () => (await page.getByTestId("klaviyo-flow").count()) === 2);
    expect(await page.getByTestId("klaviyo-flows").textContent()).toContain("Abandoned Cart Reminder");
    await page.getByRole("checkbox", { name: /Abandoned Cart Reminder/ }).check();
    await page.getByTestId("klaviyo-save").click();
    await until(async () => (await settingsOf(store.secret_key)).klaviyo.recovery_flow_ids.length > 0);
    expect((await settingsOf(store.secret_key)).klaviyo).toMatchObject({
      recovery_flow_ids: [flowIds[1]],
      lookback_hours: 24,
      api_key: { configured: true, last4: klaviyoKey.slice(-4) },
    });

    // Test connection against the fakes: both succeed, and health shows the success.
    await page.getByTestId("klaviyo-test").click();
    const klaviyoResult = page.getByTestId("klaviyo-test-result");
    await klaviyoResult.waitFor();
    expect(await klaviyoResult.getAttribute("data-ok")).toBe("true");
    expect(await klaviyoResult.textContent()).toContain("Browser Shop");
    await until(async () => (await page.getByTestId("klaviyo-last-success").textContent()) !== "never");
    await page.getByTestId("ga4-test").click();
    await page.getByTestId("ga4-test-result").waitFor();
    expect(await page.getByTestId("ga4-test-result").getAttribute("data-ok")).toBe("true");
    await until(async () => (await page.getByTestId("ga4-last-success").textContent()) !== "never");

    // After a reload the page knows the keys only by their last 4 characters.
    await page.reload();
    await page.getByTestId("klaviyo-form").waitFor();
    await until(async () => (await page.getByTestId("klaviyo-flow").count()) === 2);
    expect(await page.getByTestId("klaviyo-api-key-status").textContent()).toBe(`configured, ends in ${klaviyoKey.slice(-4)}`);
    expect(await page.getByRole("checkbox", { name: /Abandoned Cart Reminder/ }).isChecked()).toBe(true);
    const shown = await pageText(page);
    expect(shown).not.toContain(klaviyoKey);
    expect(shown).not.toContain(ga4Secret);

    // A key the fake Klaviyo does not know: the test fails with Klaviyo's answer, and health shows it.
    const badKey = `pk_${hex()}`;
    await page.getByTestId("klaviyo-api-key").fill(badKey);
    await page.getByTestId("klaviyo-save").click();
    await until(async () => (await page.getByTestId("klaviyo-api-key-status").textContent()) === `configured, ends in ${badKey.slice(-4)}`);
    await page.getByTestId("klaviyo-test").click();
    await until(async () => (await page.getByTestId("klaviyo-test-result").getAttribute("data-ok")) === "false");
    expect(await page.getByTestId("klaviyo-test-result").textContent()).toContain("Klaviyo 401");
    await until(async () => ((await page.getByTestId("klaviyo-last-error").textContent()) ?? "").includes("Klaviyo 401"));
    // The flow list now answers with Klaviyo's refusal, not with the key.
    await page.getByTestId("klaviyo-flows-load").click();
    await until(async () => (await page.getByTestId("klaviyo-flows").getAttribute("data-state")) === "failed");
    expect(await page.getByTestId("klaviyo-flows").textContent()).toContain("Klaviyo refused the store's API key");

    // Removing the GA4 secret clears it; the measurement id stays.
    await page.getByTestId("ga4-api-secret-remove").check();
    await page.getByTestId("ga4-save").click();
    await until(async () => (await page.getByTestId("ga4-api-secret-status").textContent()) === "not configured");
    expect((await settingsOf(store.secret_key)).ga4).toMatchObject({ measurement_id: measurementId, api_secret: { configured: false, last4: null } });

    const received = await bodies();
    expect(received).toContain(`"last4":"${klaviyoKey.slice(-4)}"`);
    for (const secret of [klaviyoKey, ga4Secret, badKey]) expect(received).not.toContain(secret);
    expect(await pageText(page)).not.toContain(badKey);
    await page.close();
  });

  it("has no serious or critical accessibility violations", async () => {
    const store = await newStore();
    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    await signIn(page, store.secret_key);
    await openIntegrations(page);
    await page.getByTestId("klaviyo-health").waitFor();
    // Evaluated through the DevTools protocol, which the page's CSP does not govern.
    await page.evaluate(readFileSync("node_modules/axe-core/axe.min.js", "utf8"));
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run();
      return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.nodes.length})`);
    });
    expect(violations).toEqual([]);
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.close();
  });
});

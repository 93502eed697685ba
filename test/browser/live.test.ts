import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { abandonCart, api, demoStore, launchChromium, mintVisitor, origin } from "./browser";

/** SPEC §5 / issue 10.1: a change appears on an open dashboard within 2 s, without reload. */
const WITHIN_MS = 2_000;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Signs in with the demo store's key and opens one sequence's page. */
async function openSequence(page: Page, sequenceId: string) {
  await page.goto(`${origin()}/`);
  await page.getByTestId("signin-key").fill(demoStore().secret_key);
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("stat-total-sequences").waitFor();
  await page.goto(`${origin()}/#/sequences/${sequenceId}`);
}

describe("the dashboard's live channel", () => {
  it("shows a stop made through the API within 2 s, without reload, while the badge says Live", async () => {
    const cart = await abandonCart(0, (await mintVisitor()).visitor_id);
    const page = await browser.newPage();
    await openSequence(page, cart.sequenceId);
    await page.locator('[data-testid="live-indicator"][data-state="connected"]').waitFor();
    expect(await page.getByTestId("live-indicator").textContent()).toMatch(/^Live/);
    const navigations: string[] = [];
    page.on("framenavigated", (frame) => navigations.push(frame.url()));

    await api(`/api/v1/recovery/sequences/${cart.sequenceId}/stop`, { body: { reason: "from another tab" } });
    // Polling is once a minute while connected, so only the pushed notice can show this in time.
    await page.locator('[data-testid="sequence-status"][data-status="stopped"]').waitFor({ timeout: WITHIN_MS });
    expect(navigations).toEqual([]);
    await page.close();
  });

  it("polls while the channel is down, says so, and goes live again when it comes back", async () => {
    const cart = await abandonCart(0, (await mintVisitor()).visitor_id);
    const page = await browser.newPage();
    await page.route("**/api/v1/live", (route) => route.abort("connectionreset"));
    await openSequence(page, cart.sequenceId);
    await page.locator('[data-testid="live-indicator"][data-state="reconnecting"], [data-testid="live-indicator"][data-state="polling"]').waitFor();
    expect(await page.getByTestId("live-indicator").textContent()).toMatch(/^(Reconnecting|Polling)/);

    // Polling (every 5 s) carries the change while there is no channel.
    await api(`/api/v1/recovery/sequences/${cart.sequenceId}/pause`, { method: "POST" });
    await page.locator('[data-testid="sequence-status"][data-status="paused"]').waitFor({ timeout: 8_000 });

    // The channel comes back (a restart is over): the badge says Live and pushes arrive again.
    await page.unroute("**/api/v1/live");
    await page.locator('[data-testid="live-indicator"][data-state="connected"]').waitFor({ timeout: 20_000 });
    await api(`/api/v1/recovery/sequences/${cart.sequenceId}/resume`, { method: "POST" });
    await page.locator('[data-testid="sequence-status"]:not([data-status="paused"])').waitFor({ timeout: WITHIN_MS });
    await page.close();
  });
});

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

async function signIn(page: Page) {
  await page.goto(`${origin()}/`);
  await page.getByTestId("signin-key").fill(demoStore().secret_key);
  await page.getByTestId("signin-submit").click();
}

/** The whole numbers a screen shows, e.g. "1,234" → 1234. */
const digits = (text: string | null) => Number((text ?? "").replace(/[^0-9]/g, ""));

/** The Overview's numbers and chart against the API's answer for the same days. */
async function expectOverviewToMatch(page: Page, from: string, to: string) {
  const truth = await api(`/api/v1/recovery/analytics?from=${from}&to=${to}`);
  const shown = async () => ({
    total: digits(await page.getByTestId("stat-total-sequences").textContent()),
    recovered: digits(await page.getByTestId("stat-recovered-sequences").textContent()),
    sent: digits((await page.getByTestId("email-counts-sent").textContent())?.split(" ")[0] ?? ""),
    days: await page.getByTestId("trend-day").evaluateAll((days) =>
      days.map((day) => ({
        date: day.getAttribute("data-date"),
        abandoned: Number(day.getAttribute("data-abandoned")),
        recovered: Number(day.getAttribute("data-recovered")),
        revenue: Number(day.getAttribute("data-revenue")),
      })),
    ),
  });
  const expected = { total: truth.total_sequences, recovered: truth.recovered_sequences, sent: truth.emails.sent, days: truth.daily };
  await until(async () => JSON.stringify(await shown()) === JSON.stringify(expected));
  expect(await shown()).toEqual(expected);
}

describe("the dashboard", () => {
  it("rejects a wrong key and signs in with the store's secret key", async () => {
    const page = await browser.newPage();
    await page.goto(`${origin()}/`);
    await page.getByTestId("signin-key").fill("sk_wrong");
    await page.getByTestId("signin-submit").click();
    await expect(page.getByTestId("signin-error").textContent()).resolves.toMatch(/key/i);
    await page.getByTestId("signin-key").fill(demoStore().secret_key);
    await page.getByTestId("signin-submit").click();
    await page.getByTestId("stat-total-sequences").waitFor();
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === "reva_session")?.httpOnly).toBe(true);
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain("sk_");
    await page.close();
  });

  it("applies the Overview's date range to every number and the daily trend", async () => {
    await abandonCart(0, (await mintVisitor()).visitor_id);
    const page = await browser.newPage();
    await signIn(page);
    await page.getByTestId("stat-total-sequences").waitFor();
    const today = new Date().toISOString().slice(0, 10);

    await page.getByTestId("range-preset").selectOption("today");
    await expectOverviewToMatch(page, today, today);
    expect(digits(await page.getByTestId("stat-total-sequences").textContent())).toBeGreaterThan(0);

    await page.getByTestId("range-preset").selectOption("custom");
    await page.getByTestId("range-from").fill("2020-01-01");
    await page.getByTestId("range-to").fill("2020-01-03");
    await expectOverviewToMatch(page, "2020-01-01", "2020-01-03");
    expect(await page.getByTestId("trend-day").count()).toBe(3);
    expect(digits(await page.getByTestId("stat-total-sequences").textContent())).toBe(0);
    expect(await page.getByTestId("stat-recovered-revenue").textContent()).toBeTruthy();
    await expect(page.getByText(/within \d+ days? of a recovery touch/).count()).resolves.toBe(1);
    await page.close();
  });

  it("shows a sequence moving, its timeline, and stops it", async () => {
    const cart = await abandonCart(16);
    await until(async () => {
      const sequence = await api(`/api/v1/recovery/sequences/${cart.sequenceId}`);
      return sequence.steps_completed.includes("email_2h");
    });
    const page = await browser.newPage();
    await signIn(page);
    await page.goto(`${origin()}/#/sequences/${cart.sequenceId}`);
    await page.getByTestId("timeline-item").first().waitFor();
    const types = await page.getByTestId("timeline-item").evaluateAll((items) => items.map((item) => item.getAttribute("data-type")));
    expect(types).toEqual(expect.arrayContaining(["sequence_started", "popup_eligible", "email_sent"]));
    expect(await page.getByTestId("cart-item").allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining("Stoneware <mug>")]),
    );

    await page.getByTestId("stop-button").click();
    await page.getByTestId("stop-confirm").click();
    await expect(page.getByTestId("stop-form").locator(".field-error").textContent()).resolves.toBeTruthy();
    expect((await api(`/api/v1/recovery/sequences/${cart.sequenceId}`)).status).not.toBe("stopped");
    await page.getByTestId("stop-reason").fill("Shopper ordered by phone");
    await page.getByTestId("stop-confirm").click();
    // The answer of the stop is shown at once, not at the next poll.
    await page.getByTestId("stop-form").waitFor({ state: "detached" });
    expect(await page.getByTestId("stop-button").isDisabled()).toBe(true);
    const stopped = await api(`/api/v1/recovery/sequences/${cart.sequenceId}`);
    expect([stopped.status, stopped.stopped_reason]).toEqual(["stopped", "Shopper ordered by phone"]);
    await page.close();
  });

  it("filters sequences by address and current step", async () => {
    const cart = await abandonCart(16);
    const page = await browser.newPage();
    await signIn(page);
    await page.goto(`${origin()}/#/sequences`);
    await page.getByTestId("email-search").fill(cart.token.toUpperCase());
    await until(async () => (await page.getByTestId("sequence-row").allTextContents()).length === 1);
    expect(await page.getByTestId("sequence-row").first().textContent()).toContain(`${cart.token}@example.com`);
    const current = (await api(`/api/v1/recovery/sequences/${cart.sequenceId}`)).current_step as string | null;
    const otherStep = (await page.getByTestId("step-filter").locator("option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).find(
      (value) => value && value !== current,
    )!;
    await page.getByTestId("step-filter").selectOption(otherStep);
    await page.getByText("No sequences match these filters.").waitFor();
    await page.close();
  });

  it("lists rendered emails in the outbox", async () => {
    const cart = await abandonCart(16);
    await until(async () => (await api(`/api/v1/recovery/sequences/${cart.sequenceId}`)).steps_completed.includes("email_2h"));
    const page = await browser.newPage();
    await signIn(page);
    await page.goto(`${origin()}/#/outbox`);
    const row = page.getByTestId("outbox-row").filter({ hasText: `${cart.token}@example.com` });
    await row.first().waitFor();
    await row.first().click();
    await expect(page.getByTestId("outbox-text").textContent()).resolves.toContain("Organic cotton tee");
    await page.close();
  });

  it("adds a suppression by hand, showing the API's message next to the field, then finds and exports it", async () => {
    const address = `hand-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const page = await browser.newPage();
    await signIn(page);
    await page.goto(`${origin()}/#/suppressions`);
    await page.getByTestId("suppression-email").fill("not-an-address");
    await page.getByRole("button", { name: "Add" }).click();
    await expect(page.getByTestId("suppression-email-error").textContent()).resolves.toMatch(/email/i);
    expect(await page.getByTestId("suppression-email").getAttribute("aria-invalid")).toBe("true");

    await page.getByTestId("suppression-email").fill(address);
    await page.getByRole("button", { name: "Add" }).click();
    await page.getByTestId("suppression-table").getByText(address).waitFor();
    await page.getByTestId("suppression-search").fill(address.slice(0, 13));
    await until(async () => (await page.getByTestId("suppression-table").locator("tbody tr").allTextContents()).length === 1);
    expect(await page.getByTestId("suppression-table").locator("tbody tr").first().textContent()).toContain("Added by hand");

    const csv = await page.request.get(`${origin()}${await page.getByTestId("suppression-csv").getAttribute("href")}`);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect((await csv.text()).split("\r\n")).toEqual(["email,reason,created_at,source", expect.stringMatching(new RegExp(`^${address.replace(".", "\\.")},manual,.+,dashboard$`)), ""]);

    await page.getByTestId("suppression-search").fill("no-such-address");
    await expect(page.getByText("No suppressed address contains").textContent()).resolves.toContain("no-such-address");
    await page.close();
  });
});

import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { createFastStore, createStore, patchSettings, postCart } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { getSequence, runAlarm, stepStatus, waitForStep, waitForStepReason } from "./helpers/sequences";
import { sendShopifyWebhook, shopifyCheckout } from "./helpers/shopify";
import sampleCheckout from "./fixtures/shopify-checkout.json";

let clock: ReturnType<typeof useFakeClock>;
afterEach(() => clock?.restore());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A Shopify checkout whose last activity was `ageMs` before the faked now: a delayed webhook. */
async function lateCheckout(ageMs: number) {
  const store = await createStore();
  const checkout = shopifyCheckout({ updated_at: new Date(clock.start - ageMs).toISOString() });
  expect((await sendShopifyWebhook(store.id, store.webhook_secret, "checkouts/create", checkout)).status).toBe(200);
  const row = await env.DB.prepare("SELECT id FROM sequences WHERE store_id = ? AND cart_token = ?").bind(store.id, checkout.token).first<{ id: string }>();
  if (!row) throw new Error("no sequence for the checkout");
  return { store, token: checkout.token, sequenceId: row.id };
}

const emailCount = async (sequenceId: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM emails WHERE sequence_id = ?").bind(sequenceId).first<{ n: number }>())?.n;

describe("overdue steps never burst", () => {
  it("a checkout abandoned 30 h ago sends only the latest due email and moves the rest of the plan from now", async () => {
    clock = useFakeClock();
    const { store, token, sequenceId } = await lateCheckout(30 * HOUR);
    await runAlarm(store.id, token);
    const current = await waitForStep(store.secret_key, sequenceId, "email_24h", "sent");
    expect(stepStatus(current, "popup_1h")).toBe("sent");
    expect(current.steps.find((s: any) => s.id === "email_2h")).toMatchObject({ status: "skipped", reason: "overdue together with email_24h: only the latest due email is sent" });
    expect(current.steps.find((s: any) => s.id === "email_48h").scheduled_at).toBe(new Date(clock.start + 24 * HOUR).toISOString());
    expect(current.steps.find((s: any) => s.id === "email_72h").scheduled_at).toBe(new Date(clock.start + 48 * HOUR).toISOString());
    expect(current.timeline.map((e: any) => e.type)).toContain("steps_rescheduled");
    expect(await emailCount(sequenceId)).toBe(1);
  });

  it("a checkout abandoned 3 days ago sends one email, the last step, and skips the three before it", async () => {
    clock = useFakeClock();
    const { store, token, sequenceId } = await lateCheckout(3 * DAY + 60_000);
    await runAlarm(store.id, token);
    const current = await waitForStep(store.secret_key, sequenceId, "email_72h", "sent");
    for (const id of ["email_2h", "email_24h", "email_48h"]) expect(stepStatus(current, id)).toBe("skipped");
    expect(await emailCount(sequenceId)).toBe(1);
  });

  it("a cart older than the store's horizon starts no emails at all, saying why", async () => {
    clock = useFakeClock();
    const { store, token, sequenceId } = await lateCheckout(10 * DAY);
    await patchSettings(store.secret_key, { abandonment_horizon_days: 7 });
    await runAlarm(store.id, token);
    const current = await getSequence(store.secret_key, sequenceId);
    const horizon = ["skipped", "cart abandoned 10 days ago, beyond the store's 7-day horizon: no emails"];
    expect(current.steps.filter((s: any) => s.channel === "email").map((s: any) => [s.status, s.reason])).toEqual([horizon, horizon, horizon, horizon]);
    expect(current.status).toBe("completed");
    expect(await emailCount(sequenceId)).toBe(0);
  });
});

describe("the daily send limit counts the store's own day", () => {
  it("defers to the store's local midnight (Tokyo), not UTC's, and sends after it", async () => {
    clock = useFakeClock();
    // 14:59 UTC is 23:59 in Tokyo (UTC+9, no daylight saving): one minute before the store's new day.
    const start = new Date(clock.start);
    let late = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate(), 14, 59);
    if (late < clock.start) late += DAY;
    clock.at(late - clock.start);
    const store = await createFastStore();
    const oneEmail = [{ id: "email_2h", channel: "email", delay_seconds: 2, subject: "Your cart" }];
    await patchSettings(store.secret_key, { timezone: "Asia/Tokyo", daily_send_limit: 1, steps: oneEmail });
    const first = await postCart(store.secret_key, { updated_at: new Date(late - 2000).toISOString() });
    const second = await postCart(store.secret_key, { updated_at: new Date(late - 2000).toISOString() });

    await runAlarm(store.id, first.payload.cart_token);
    await waitForStep(store.secret_key, first.sequence.id, "email_2h", "sent");
    await runAlarm(store.id, second.payload.cart_token);
    const deferred = (await waitForStepReason(store.secret_key, second.sequence.id, "email_2h", "daily send limit")).steps.find((s: any) => s.id === "email_2h");
    const tokyoMidnight = new Date(late + 60_000).toISOString();
    expect(deferred).toMatchObject({ status: "scheduled", scheduled_at: tokyoMidnight, reason: "store daily send limit of 1 reached (Asia/Tokyo day)" });

    clock.at(late + 61_000 - clock.start);
    await runAlarm(store.id, second.payload.cart_token);
    await waitForStep(store.secret_key, second.sequence.id, "email_2h", "sent");
  }, 20_000);
});

describe("Shopify's checkout payload as its Admin API documents it", () => {
  it("is taken whole (offset times, repeated line keys, ids past 2^53, nulls) and, without marketing consent, sends nothing", async () => {
    clock = useFakeClock();
    const store = await createStore();
    const checkout = { ...sampleCheckout, updated_at: new Date(clock.start - 3 * HOUR).toISOString() };
    expect(await (await sendShopifyWebhook(store.id, store.webhook_secret, "checkouts/create", checkout)).json()).toEqual({ status: "processed" });
    const row = await env.DB.prepare("SELECT id FROM sequences WHERE store_id = ? AND cart_token = ?").bind(store.id, checkout.token).first<{ id: string }>();
    const sequence = await getSequence(store.secret_key, row!.id);
    expect(sequence.cart).toMatchObject({ customer_email: "jordan@example.com", total_price: "254.40", currency: "USD" });
    expect(sequence.cart.items.map((item: any) => [item.title, item.variant_title, item.price, item.quantity])).toEqual([
      ["Trail Runner 2", "Blue / 42", "120.00", 1],
      ["Trail Runner 2", "Blue / 42", "120.00", 1],
    ]);
    await runAlarm(store.id, checkout.token);
    const after = await getSequence(store.secret_key, row!.id);
    expect(after.steps.find((s: any) => s.id === "email_2h")).toMatchObject({ status: "skipped", reason: "no marketing consent (store consent mode: marketing_only)" });
    expect(await emailCount(row!.id)).toBe(0);
  });
});

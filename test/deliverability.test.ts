import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { createFastStore, FAST_STEPS, json, patchSettings, postCart, request, type StoreKeys } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { fakeResend, sentTo, svixHeaders } from "./helpers/resend";
import { eventually, getSequence, runAlarm, stepStatus, waitForStep } from "./helpers/sequences";

let clock: ReturnType<typeof useFakeClock> | undefined;
afterEach(() => {
  clock?.restore();
  clock = undefined;
});

const MINUTE = 60_000;

async function resendWebhook(type: string, emailId: string, data: Record<string, unknown> = {}) {
  const body = JSON.stringify({
    type,
    created_at: new Date().toISOString(),
    data: { email_id: emailId, from: "x@example.com", to: ["ann@example.com"], subject: "s", created_at: new Date().toISOString(), ...data },
  });
  const response = await request("/webhooks/resend", { method: "POST", body, headers: await svixHeaders(body) });
  expect(response.status).toBe(200);
}

/** A store sending from its own domain, verified through the sending-domain API and the fake Resend. */
async function storeWithVerifiedDomain(settings: Record<string, unknown> = {}) {
  const domain = `brand-${crypto.randomUUID().slice(0, 8)}.test`;
  const store = await createFastStore();
  await patchSettings(store.secret_key, { from_email: `hello@${domain}`, ...settings });
  await request("/api/v1/store/sending-domain", { method: "POST", key: store.secret_key });
  await request("/api/v1/store/sending-domain", { method: "POST", key: store.secret_key });
  await fakeResend("/__fake/domains/status", { name: domain, status: "verified" });
  expect((await json(request("/api/v1/store/sending-domain", { key: store.secret_key }))).status).toBe("verified");
  return { store, domain };
}

/** Sends one cart's first email through the whole pipeline at `at` ms after the clock's start; its D1 row. */
async function sendOne(store: StoreKeys, at: number, overrides: Record<string, unknown> = {}) {
  const fake = clock!;
  fake.at(at);
  const { payload, sequence } = await postCart(store.secret_key, { updated_at: new Date().toISOString(), ...overrides });
  fake.at(at + 2_000);
  await runAlarm(store.id, payload.cart_token);
  await waitForStep(store.secret_key, sequence.id, "email_2h", "sent");
  const row = await env.DB.prepare("SELECT * FROM emails WHERE sequence_id = ? AND step_id = 'email_2h'").bind(sequence.id).first<Record<string, unknown>>();
  return { row: row!, sequence, payload };
}

/**
 * Posts a cart for `email` abandoned `at` ms after the clock's start, runs its first email's
 * alarm, and waits until the send consumer's claim has held it: the deliverability guard is judged
 * at the claim (once per delivery), so the deferral lands behind the queue.
 */
async function heldEmail(store: StoreKeys, at: number, email: string) {
  const fake = clock!;
  fake.at(at);
  const cart = await postCart(store.secret_key, { updated_at: new Date().toISOString(), email });
  fake.at(at + 2_000);
  await runAlarm(store.id, cart.payload.cart_token);
  return eventually(async () => {
    const sequence = await getSequence(store.secret_key, cart.sequence.id);
    const deferred = sequence.timeline.find((e: any) => e.type === "email_deferred" && e.step === "email_2h");
    if (!deferred) throw new Error(`email_2h of ${email} is not held yet`);
    return { cart, sequence, deferred };
  });
}

/**
 * `count - 1` more emails Resend accepted, copies of `row` under new ids, as if the store had sent
 * them: the guard's sample without running hundreds of carts (each under its own step id, as one
 * email a step is all a sequence holds). Their outcomes still arrive as signed webhooks.
 */
async function moreAcceptedEmails(row: Record<string, unknown>, count: number): Promise<string[]> {
  const ids = [row.provider_id as string];
  const statements = [];
  for (let i = 1; i < count; i++) {
    const providerId = crypto.randomUUID();
    ids.push(providerId);
    statements.push(
      env.DB.prepare(
        `INSERT INTO emails (id, store_id, sequence_id, step_id, to_email, subject, html, text, status, provider_id, created_at, sender_domain, outcomes, outcome_at)
         SELECT ?, store_id, sequence_id, step_id || ?, to_email, subject, html, text, 'sent', ?, created_at, sender_domain, 0, outcome_at FROM emails WHERE id = ?`,
      ).bind(`${row.id}-copy-${i}`, `-copy-${i}`, providerId, row.id),
    );
  }
  // Accepted the way the Worker records it: the sent bit set by an update, which the rollup trigger counts.
  statements.push(env.DB.prepare("UPDATE emails SET outcomes = 1 WHERE id LIKE ? AND outcomes = 0").bind(`${row.id}-copy-%`));
  await env.DB.batch(statements);
  return ids;
}

async function inChunks(ids: string[], each: (id: string) => Promise<void>) {
  for (let i = 0; i < ids.length; i += 50) await Promise.all(ids.slice(i, i + 50).map(each));
}

const deliverability = (store: StoreKeys) => json(request("/api/v1/store/deliverability", { key: store.secret_key }));

describe("the deliverability guard", () => {
  // Hundreds of signed webhooks, each through its sequence's Durable Object: slower than most tests.
  it("slows a store at the slow rate, pauses it at the pause rate with the reason on every held step, and sends again after the merchant resumes", { timeout: 120_000 }, async () => {
    clock = useFakeClock();
    // One email step, so the held email is not folded into a later one by the time it goes.
    const { store } = await storeWithVerifiedDomain({ steps: FAST_STEPS.slice(0, 2), deliverability: { complaint_rate_slow: 0.005, complaint_rate_pause: 0.01 } });
    const { row } = await sendOne(store, 0);
    const ids = await moreAcceptedEmails(row, 300);
    await inChunks(ids, (id) => resendWebhook("email.delivered", id));
    expect(await deliverability(store)).toMatchObject({ state: "healthy", sent: 300, delivered: 300, complained: 0 });

    await resendWebhook("email.complained", ids[0]!);
    await resendWebhook("email.complained", ids[1]!);
    const slowed = await deliverability(store);
    // The store's own verified domain has its own rates: every email from it.
    expect(slowed.sending_domain).toMatchObject({ shared: false, last_24_hours: { delivered: 300, complained: 2 } });
    expect(slowed).toMatchObject({ state: "slowed", complained: 2, reason: "Deliverability guard: sending slowed, complaint rate 0.67 % over 24 h" });
    expect(slowed.complaint_rate).toBeCloseTo(2 / 300);

    await resendWebhook("email.complained", ids[2]!);
    await resendWebhook("email.complained", ids[3]!);
    const reason = "Deliverability guard: complaint rate 1.33 % over 24 h";
    expect(await deliverability(store)).toMatchObject({ state: "paused", complained: 4, reason });
    const integrations = await json(request("/api/v1/integrations", { key: store.secret_key }));
    expect(integrations.resend.deliverability).toMatchObject({ state: "paused", delivered: 300, complained: 4, reason });
    const analytics = await json(request("/api/v1/recovery/analytics", { key: store.secret_key }));
    expect(analytics.deliverability).toMatchObject({ state: "paused", complained: 4, reason });

    // The next cart's due email is held, with the guard's reason on its timeline.
    const { cart: next, sequence: held, deferred: heldBy } = await heldEmail(store, 10 * MINUTE, "bea@example.com");
    expect(stepStatus(held, "email_2h")).toBe("scheduled");
    expect(heldBy.detail).toContain(reason);
    expect((await sentTo(store.id)).emails.map((e) => e.to[0])).not.toContain("bea@example.com");

    const resumed = await json(request("/api/v1/store/deliverability/resume", { method: "POST", key: store.secret_key }));
    expect(resumed).toMatchObject({ state: "healthy", reason: null });
    expect(resumed.resumed_at).toBe(new Date(clock.start + 10 * MINUTE + 2_000).toISOString());

    // The held step looks again within 15 minutes and goes.
    clock.at(26 * MINUTE);
    await runAlarm(store.id, next.payload.cart_token);
    await waitForStep(store.secret_key, next.sequence.id, "email_2h", "sent");
    expect((await sentTo(store.id)).emails.map((e) => e.to[0])).toContain("bea@example.com");
  });

  it("halves a slowed store's daily emails: half of yesterday's, the rest deferred to its next day with the reason", async () => {
    clock = useFakeClock();
    // One email step, so the held email is not folded into a later one when the day turns.
    const { store } = await storeWithVerifiedDomain({ steps: FAST_STEPS.slice(0, 2) });
    await sendOne(store, 0);
    const now = clock.start;
    const today = new Date(now).toISOString().slice(0, 10);
    const yesterday = new Date(now - 86_400_000).toISOString().slice(0, 10);
    // The store's record as Resend reported it (0.2 % complaints: slowed) and what it made: 240 yesterday, 120 today.
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO delivery_rollups (scope, hour, sent, delivered, bounced, complained) VALUES (?, ?, 1000, 1000, 0, 2)
         ON CONFLICT (scope, hour) DO UPDATE SET sent = sent + 1000, delivered = delivered + 1000, complained = complained + 2`,
      ).bind(`store:${store.id}`, new Date(now).toISOString().slice(0, 13)),
      env.DB.prepare("INSERT INTO daily_sends (store_id, day, count) VALUES (?, ?, 240)").bind(store.id, yesterday),
      env.DB.prepare("UPDATE daily_sends SET count = 120 WHERE store_id = ? AND day = ?").bind(store.id, today),
    ]);
    expect(await deliverability(store)).toMatchObject({ state: "slowed" });

    const { sequence: held, deferred } = await heldEmail(store, MINUTE, "eve@example.com");
    expect(deferred.detail).toContain("Deliverability guard: sending slowed, complaint rate 0.20 % over 24 h: 120 emails a day (half of yesterday's 240, at least 50)");
    expect(held.steps.find((s: any) => s.id === "email_2h").scheduled_at).toBe(new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString());
    expect((await sentTo(store.id)).emails.map((e) => e.to[0])).not.toContain("eve@example.com");
  });

  it("decides nothing below the minimum sample, whatever the rate", { timeout: 120_000 }, async () => {
    clock = useFakeClock();
    const { store } = await storeWithVerifiedDomain();
    const { row } = await sendOne(store, 0);
    const ids = await moreAcceptedEmails(row, 100);
    await inChunks(ids, (id) => resendWebhook("email.delivered", id));
    await inChunks(ids.slice(0, 5), (id) => resendWebhook("email.complained", id));
    expect(await deliverability(store)).toMatchObject({ state: "healthy", delivered: 100, complained: 5, reason: null });
    await sendOne(store, 5 * MINUTE, { email: "cy@example.com" });
  });

  it("counts each email's outcome once, however often Resend reports it", async () => {
    clock = useFakeClock();
    const { store } = await storeWithVerifiedDomain();
    const { row } = await sendOne(store, 0);
    await resendWebhook("email.delivered", row.provider_id as string);
    await resendWebhook("email.delivered", row.provider_id as string);
    await resendWebhook("email.complained", row.provider_id as string);
    await resendWebhook("email.complained", row.provider_id as string);
    expect(await deliverability(store)).toMatchObject({ sent: 1, delivered: 1, complained: 1 });
  });

  it("defers the 201st email of a newly verified domain's first day to the next day, then climbs to 500", async () => {
    clock = useFakeClock();
    // One email step, so the held email is not folded into a later one when the day turns.
    const { store, domain } = await storeWithVerifiedDomain({ steps: FAST_STEPS.slice(0, 2) });
    await sendOne(store, 0);
    expect(await deliverability(store)).toMatchObject({ warm_up: { domain, daily_cap: 200 } });
    const today = new Date(clock.start).toISOString().slice(0, 10);
    // As if 199 more had gone out today: 200 made on the domain's first day.
    await env.DB.prepare("UPDATE daily_sends SET count = 200 WHERE store_id = ? AND day = ?").bind(store.id, today).run();

    const { cart: next, sequence: held, deferred } = await heldEmail(store, MINUTE, "dee@example.com");
    expect(deferred.detail).toContain(`warm-up of ${domain}: 200 emails a day for now (UTC day)`);
    const midnight = Date.parse(`${today}T00:00:00Z`) + 86_400_000;
    expect(held.steps.find((s: any) => s.id === "email_2h").scheduled_at).toBe(new Date(midnight).toISOString());

    clock.at(midnight - clock.start + MINUTE);
    await runAlarm(store.id, next.payload.cart_token);
    await waitForStep(store.secret_key, next.sequence.id, "email_2h", "sent");
    expect(await deliverability(store)).toMatchObject({ warm_up: { domain, daily_cap: 500 } });
  });

  it("shows a store on the operator's shared sender its own numbers, never the shared domain's (other stores' too)", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { row } = await sendOne(store, 0);
    await resendWebhook("email.delivered", row.provider_id as string);
    const report = await deliverability(store);
    expect(report).toMatchObject({ sent: 1, delivered: 1 });
    expect(report.sending_domain).toEqual({ domain: "demo.reva.dev", shared: true, last_24_hours: null, last_7_days: null });
  });

  it("skips role and disposable addresses with the reason, and sends nothing to them", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    for (const [email, reason] of [
      ["postmaster@shop-buyer.example", "role address (postmaster@), not a shopper"],
      ["deal-hunter@mailinator.com", "disposable address domain (mailinator.com)"],
    ] as const) {
      clock.at(0);
      const cart = await postCart(store.secret_key, { updated_at: new Date().toISOString(), email });
      clock.at(2_000);
      await runAlarm(store.id, cart.payload.cart_token);
      const sequence = await getSequence(store.secret_key, cart.sequence.id);
      expect(stepStatus(sequence, "email_2h")).toBe("skipped");
      expect(sequence.steps.find((s: any) => s.id === "email_2h").reason).toBe(reason);
    }
    expect((await sentTo(store.id)).emails).toEqual([]);
  });

  it("suppresses an address after three soft bounces in a row, a delivery in between starting the count again", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { row } = await sendOne(store, 0, { email: "flaky@example.com" });
    const id = row.provider_id as string;
    const soft = () => resendWebhook("email.bounced", id, { to: ["flaky@example.com"], bounce: { type: "Transient", subType: "MailboxFull", message: "mailbox full" } });
    const suppressed = async () => (await json(request("/api/v1/suppressions", { key: store.secret_key }))).data.map((s: any) => s.email);

    await soft();
    await soft();
    await resendWebhook("email.delivered", id, { to: ["flaky@example.com"] });
    await soft();
    expect(await suppressed()).not.toContain("flaky@example.com");
    const stillSent = await env.DB.prepare("SELECT status FROM emails WHERE id = ?").bind(row.id).first<{ status: string }>();
    expect(stillSent?.status).toBe("delivered");

    await soft();
    await soft();
    await eventually(async () => expect(await suppressed()).toContain("flaky@example.com"));
  });

  it("reads the same number of D1 rows for its rates at 1,000 and at 100,000 events", async () => {
    clock = useFakeClock();
    const rowsRead = async (events: number) => {
      const store = await createFastStore();
      const now = Date.now();
      const perHour = Math.floor(events / 168);
      const statements = Array.from({ length: 168 }, (_, h) =>
        env.DB.prepare("INSERT INTO delivery_rollups (scope, hour, sent, delivered, bounced, complained) VALUES (?, ?, ?, ?, 0, 0)").bind(
          `store:${store.id}`,
          new Date(now - h * 3_600_000).toISOString().slice(0, 13),
          perHour,
          perHour,
        ),
      );
      await env.DB.batch(statements);
      const response = await request("/api/v1/store/deliverability", { key: store.secret_key });
      const report = await response.json<any>();
      expect(report.last_7_days.delivered).toBe(perHour * 168);
      return Number(response.headers.get("x-d1-rows-read"));
    };
    const small = await rowsRead(1_000);
    const large = await rowsRead(100_000);
    // A week of hourly rows (D1 counts each in the index and in the table): 100 times the events, the same reads.
    expect(small).toBeGreaterThanOrEqual(168);
    expect(large).toBeLessThan(2 * 168 + 10);
    expect(Math.abs(large - small)).toBeLessThan(5);
  });
});

import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import worker from "../worker/index";
import { createFastStore, json, patchSettings, postCart, request } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { deliver } from "./helpers/queue";
import { failFor, sentTo } from "./helpers/resend";
import { eventually, getSequence, runAlarm, stepStatus, waitForStep } from "./helpers/sequences";

let clock: ReturnType<typeof useFakeClock>;
afterEach(() => clock?.restore());

async function abandonedCart(store: { secret_key: string }, overrides: Record<string, unknown> = {}) {
  return postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString(), ...overrides });
}

type Cart = Awaited<ReturnType<typeof abandonedCart>>;

/** `count` carts of one store whose email_2h step is due and queued, with the queue jobs for them. */
async function cartsWithQueuedEmail(store: { id: string; secret_key: string }, count: number) {
  const carts = await Promise.all(Array.from({ length: count }, () => abandonedCart(store)));
  clock.at(2000);
  await Promise.all(carts.map((cart) => runAlarm(store.id, cart.payload.cart_token)));
  const jobs = carts.map((c) => ({ store_id: store.id, cart_token: c.payload.cart_token, sequence_id: c.sequence.id, step_id: "email_2h", base_url: "https://reva.test" }));
  return { carts, jobs };
}

/** Redelivers, as the queue would after each retry, until every cart's email_2h step is sent. */
async function redeliverUntilSent(store: { secret_key: string }, carts: Cart[], jobs: unknown[], oneByOne = true) {
  await eventually(async () => {
    const states = await Promise.all(carts.map((c) => getSequence(store.secret_key, c.sequence.id)));
    const open = jobs.filter((_, i) => stepStatus(states[i], "email_2h") !== "sent");
    if (oneByOne) for (const job of open) await deliver([job], { attempts: 2 });
    else if (open.length > 0) await deliver(open, { attempts: 2 });
    expect(open).toEqual([]);
  }, 20_000);
}

describe("recovery emails through Resend", () => {
  it("arrive with the store's sender, unsubscribe headers, tags and tracked links", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    await patchSettings(store.secret_key, { name: "Acme & Co", from_name: "Acme, Inc.", address: "1 Main St" });
    const { payload, sequence } = await abandonedCart(store, {
      first_name: "Ann",
      items: [
        { id: "a", title: "<script>alert(1)</script>", variant_title: "Large", price: "12.50", quantity: 2, image_url: "https://cdn.example.com/a.png" },
      ],
      total_price: "25.00",
    });
    clock.at(2000);
    await runAlarm(store.id, payload.cart_token);
    const sent = await waitForStep(store.secret_key, sequence.id, "email_2h", "sent");

    const { emails } = await sentTo(store.id);
    expect(emails).toHaveLength(1);
    const email = emails[0]!;
    expect(email.from).toBe('"Acme, Inc." <hello@example.com>');
    expect(email.to).toEqual([payload.email]);
    expect(email.subject).toBe("Come back Ann");
    expect(email.headers["List-Unsubscribe"]).toMatch(/^<https:\/\/reva\.test\/unsubscribe\?token=[A-Za-z0-9_-]+>$/);
    expect(email.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(email.tags).toEqual([
      { name: "type", value: "cart_recovery" },
      { name: "step", value: "email_2h" },
      { name: "store_id", value: store.id },
      { name: "sequence_id", value: sequence.id },
    ]);
    expect(email.html).not.toContain("<script>alert(1)</script>");
    expect(email.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(email.html).toContain("Acme &amp; Co");
    expect(email.html).toMatch(/<img[^>]+alt="&lt;script&gt;alert\(1\)&lt;\/script&gt;"[^>]+width="64"[^>]+height="64"/);
    expect(email.text).toContain("2 × <script>alert(1)</script> (Large): $12.50");
    expect(email.text).toContain("1 Main St");
    const links = [...email.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll("&amp;", "&"));
    // The item, the button and the unsubscribe link, and nothing that bypasses tracking.
    const tracked = expect.stringMatching(/^https:\/\/reva\.test\/r\/[^/?#]+$/);
    expect(links).toEqual([tracked, tracked, (email.headers["List-Unsubscribe"] as string).slice(1, -1)]);
    const detail = sent.timeline.find((e: any) => e.type === "email_sent").detail;
    expect(detail).toContain(email.id);
  });

  it("shows the cart as it is at send time", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { payload, sequence } = await abandonedCart(store);
    clock.at(1000);
    await runAlarm(store.id, payload.cart_token);
    const laterItems = [{ id: "sku-1", title: "Linen shirt", price: "39.90", quantity: 1 }];
    await request("/api/v1/carts", { method: "POST", key: store.secret_key, json: { ...payload, items: laterItems, total_price: "39.90", updated_at: new Date(clock.start + 500).toISOString() } });
    clock.at(2000);
    await runAlarm(store.id, payload.cart_token);
    await waitForStep(store.secret_key, sequence.id, "email_2h", "sent");
    const [email] = (await sentTo(store.id)).emails;
    expect(email!.text).toContain("Linen shirt");
    expect(email!.text).not.toContain("Socks");
  });

  it("sends a redelivered queue message once", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { payload, sequence } = await abandonedCart(store);
    clock.at(2000);
    await runAlarm(store.id, payload.cart_token);
    await waitForStep(store.secret_key, sequence.id, "email_2h", "sent");
    const job = { store_id: store.id, cart_token: payload.cart_token, sequence_id: sequence.id, step_id: "email_2h", base_url: "https://reva.test" };
    const result = await deliver([job, job]);
    expect(result.explicitAcks).toHaveLength(2);
    expect((await sentTo(store.id)).emails).toHaveLength(1);
    const current = await getSequence(store.secret_key, sequence.id);
    expect(current.timeline.filter((e: any) => e.type === "email_sent")).toHaveLength(1);
  });

  it("delivers every email exactly once when 30% of Resend's answers are lost", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    await failFor(store.id, { fail_rate: 0.3, fail_after_accept: true });
    const { carts, jobs } = await cartsWithQueuedEmail(store, 12);
    await redeliverUntilSent(store, carts, jobs);
    const states = await Promise.all(carts.map((c) => getSequence(store.secret_key, c.sequence.id)));
    expect(states.map((s) => stepStatus(s, "email_2h"))).toEqual(carts.map(() => "sent"));
    const { emails, requests } = await sentTo(store.id);
    expect(requests.some((r) => r.outcome === "500-after-accept")).toBe(true);
    expect(requests.some((r) => r.outcome === "replayed")).toBe(true);
    expect(requests.some((r) => r.outcome === 409)).toBe(false);
    const perSequence = new Map<string, number>();
    for (const email of emails) {
      const seq = email.tags.find((t) => t.name === "sequence_id")!.value;
      perSequence.set(seq, (perSequence.get(seq) ?? 0) + 1);
    }
    expect([...perSequence.values()]).toEqual(carts.map(() => 1));
    expect(perSequence.size).toBe(12);
  });

  it("resends a whole batch whose answer was lost with the same body and key, so nothing goes twice", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    // Every first attempt is accepted but its answer lost, whichever delivery (ours or the runtime's) makes it.
    await failFor(store.id, { fail_rate: 1, fail_after_accept: true });
    const { carts, jobs } = await cartsWithQueuedEmail(store, 5);
    await deliver(jobs);
    await failFor(store.id, { fail_rate: 0 });
    // Redelivered in another order; the runtime's own delivery of the same messages may join in.
    await deliver([...jobs].reverse(), { attempts: 2 });
    await redeliverUntilSent(store, carts, jobs, false);

    const { emails, requests } = await sentTo(store.id);
    expect(emails).toHaveLength(5);
    expect(requests.filter((r) => r.outcome === "500-after-accept").reduce((n, r) => n + r.size, 0)).toBe(5);
    expect(requests.filter((r) => r.outcome === 200)).toEqual([]);
    expect(requests.filter((r) => r.outcome === "replayed").length).toBeGreaterThan(0);
    expect(requests.filter((r) => r.outcome === 409)).toEqual([]);
  });

  it("waits out a 429 for its retry-after and then sends", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    await failFor(store.id, { store_requests_per_second: 1 });
    const { carts, jobs } = await cartsWithQueuedEmail(store, 3);
    // A test email takes this second's only request, so the deliveries below meet a 429 whatever runs first.
    expect((await request("/api/v1/store/steps/email_2h/test", { method: "POST", key: store.secret_key, json: { to: "m@example.com" } })).status).toBe(200);
    // Three separate deliveries at once, as concurrent consumers would make them.
    await Promise.all(jobs.map((job) => deliver([job])));
    // One that still finds no room after its inline waits goes back to the queue: deliver it again.
    await redeliverUntilSent(store, carts, jobs);
    const { emails, requests } = await sentTo(store.id);
    const recovery = emails.filter((e) => e.tags.some((t) => t.name === "type" && t.value === "cart_recovery"));
    expect(new Set(recovery.map((e) => e.tags.find((t) => t.name === "sequence_id")!.value)).size).toBe(3);
    expect(recovery).toHaveLength(3);
    expect(requests.filter((r) => r.outcome === 429).length).toBeGreaterThan(0);
    for (const cart of carts) expect(stepStatus(await getSequence(store.secret_key, cart.sequence.id), "email_2h")).toBe("sent");
  });

  it("never sends twice when two deliveries of the same jobs overlap", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    await failFor(store.id, { store_requests_per_second: 1 });
    const { carts, jobs } = await cartsWithQueuedEmail(store, 4);
    // One delivery of all four, and each job redelivered alone while the first is still working.
    await Promise.all([deliver(jobs), ...jobs.map((job) => deliver([job], { attempts: 2 }))]);
    await redeliverUntilSent(store, carts, jobs, false);
    const { emails } = await sentTo(store.id);
    expect(emails.map((e) => e.tags.find((t) => t.name === "sequence_id")!.value).sort()).toEqual(carts.map((c) => c.sequence.id).sort());
  });

  it("lets one email through the frequency cap when two carts of one shopper are sent together", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    await patchSettings(store.secret_key, { frequency_cap: { max_emails: 1, per_hours: 24 } });
    const carts = await Promise.all([abandonedCart(store, { email: "twice@example.com" }), abandonedCart(store, { email: "twice@example.com" })]);
    clock.at(2000);
    await Promise.all(carts.map((cart) => runAlarm(store.id, cart.payload.cart_token)));
    const jobs = carts.map((c) => ({ store_id: store.id, cart_token: c.payload.cart_token, sequence_id: c.sequence.id, step_id: "email_2h", base_url: "https://reva.test" }));
    await deliver(jobs);
    const states = await Promise.all(carts.map((c) => getSequence(store.secret_key, c.sequence.id)));
    const steps = states.map((s) => s.steps.find((step: any) => step.id === "email_2h"));
    expect(steps.map((s) => s.status).sort()).toEqual(["scheduled", "sent"]);
    expect(steps.find((s) => s.status === "scheduled").reason).toContain("frequency cap");
    expect((await sentTo(store.id)).emails).toHaveLength(1);
  });

  it("records a 400 from Resend as a permanent failure and does not retry", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    await failFor(store.id, { reject_400: true });
    const { payload, sequence } = await abandonedCart(store);
    clock.at(2000);
    await runAlarm(store.id, payload.cart_token);
    const failed = await waitForStep(store.secret_key, sequence.id, "email_2h", "failed");
    expect(failed.steps.find((s: any) => s.id === "email_2h").reason).toContain("400");
    const job = { store_id: store.id, cart_token: payload.cart_token, sequence_id: sequence.id, step_id: "email_2h", base_url: "https://reva.test" };
    const redelivered = await deliver([job]);
    expect(redelivered.retryMessages).toEqual([]);
    const { emails, requests } = await sentTo(store.id);
    expect(emails).toHaveLength(0);
    expect(requests.filter((r) => r.outcome === 400)).toHaveLength(1);
    const outbox = await json(request("/api/v1/outbox", { key: store.secret_key }));
    expect(outbox.data[0]).toMatchObject({ status: "failed", error: expect.stringContaining("400") });
  });

  it("keeps rendered emails in the outbox when no Resend key is set", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    // Should the runtime's own delivery (which has a key) come first, its send fails and the row waits.
    await failFor(store.id, { fail_rate: 1 });
    const { payload, sequence } = await abandonedCart(store);
    clock.at(2000);
    await runAlarm(store.id, payload.cart_token);
    const job = { store_id: store.id, cart_token: payload.cart_token, sequence_id: sequence.id, step_id: "email_2h", base_url: "https://reva.test" };
    await deliver([job], { envOverrides: { RESEND_API_KEY: undefined } });
    const current = await eventually(async () => {
      const s = await getSequence(store.secret_key, sequence.id);
      expect(stepStatus(s, "email_2h")).toBe("sent");
      return s;
    });
    const outbox = await json(request("/api/v1/outbox", { key: store.secret_key }));
    expect(outbox.data.filter((e: any) => e.step_id === "email_2h")).toEqual([expect.objectContaining({ status: "outbox", to: payload.email })]);
    expect((await sentTo(store.id)).emails).toEqual([]);
    expect(current.timeline.filter((e: any) => e.type === "email_sent")).toHaveLength(1);
  });
});

describe("switching to outbox mode", () => {
  it("puts an email whose Resend attempt failed into the outbox once the key is gone", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    await failFor(store.id, { fail_rate: 1 });
    const { payload, sequence } = await abandonedCart(store);
    clock.at(2000);
    await runAlarm(store.id, payload.cart_token);
    const job = { store_id: store.id, cart_token: payload.cart_token, sequence_id: sequence.id, step_id: "email_2h", base_url: "https://reva.test" };
    expect((await deliver([job])).retryMessages).toHaveLength(1);
    expect((await deliver([job], { attempts: 2, envOverrides: { RESEND_API_KEY: undefined } })).explicitAcks).toHaveLength(1);
    expect(stepStatus(await getSequence(store.secret_key, sequence.id), "email_2h")).toBe("sent");
    const outbox = await json(request("/api/v1/outbox", { key: store.secret_key }));
    expect(outbox.data.map((e: any) => e.status)).toEqual(["outbox"]);
    expect((await sentTo(store.id)).emails).toEqual([]);
  });
});

describe("merchant email tools", () => {
  it("previews a step's email with a sample cart and with a real sequence's cart", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const sample = await json(request("/api/v1/store/steps/email_24h/preview", { key: store.secret_key }));
    expect(sample.subject).toBe("Still there?");
    expect(sample.html).toContain("Organic cotton tee");
    expect(sample.text).toContain("3 items");
    const { sequence } = await abandonedCart(store);
    const real = await json(request(`/api/v1/store/steps/email_24h/preview?sequence_id=${sequence.id}`, { key: store.secret_key }));
    expect(real.html).toContain("Linen shirt");
    expect((await request("/api/v1/store/steps/popup_1h/preview", { key: store.secret_key })).status).toBe(404);
    const other = await createFastStore();
    expect((await request(`/api/v1/store/steps/email_24h/preview?sequence_id=${sequence.id}`, { key: other.secret_key })).status).toBe(404);
  });

  it("sends a test email tagged as a test", async () => {
    const store = await createFastStore();
    const response = await request("/api/v1/store/steps/email_2h/test", { method: "POST", key: store.secret_key, json: { to: "merchant@example.com" } });
    expect(response.status).toBe(200);
    const result = await response.json<any>();
    expect(result.mode).toBe("resend");
    const { emails } = await sentTo(store.id);
    expect(emails).toHaveLength(1);
    expect(emails[0]!.id).toBe(result.id);
    expect(emails[0]!.to).toEqual(["merchant@example.com"]);
    expect(emails[0]!.tags).toContainEqual({ name: "type", value: "test" });
  });

  it("answers 502 problem+json, naming Resend's reason, when Resend refuses a test send", async () => {
    const store = await createFastStore();
    await failFor(store.id, { reject_400: true });
    const response = await request("/api/v1/store/steps/email_2h/test", { method: "POST", key: store.secret_key, json: { to: "merchant@example.com" } });
    expect(response.status).toBe(502);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = await response.json<any>();
    expect(problem.type).toBe("https://reva.dev/problems/upstream_failed");
    expect(problem.detail).toMatch(/^Resend did not send the test: Resend 400/);
    expect((await sentTo(store.id)).emails).toHaveLength(0);
  });
});

describe("dead letters", () => {
  it("keeps exhausted sends for the merchant to see, once, and only for their store", async () => {
    const store = await createFastStore();
    const other = await createFastStore();
    const job = { store_id: store.id, cart_token: "c", sequence_id: "seq_x", step_id: "email_2h", base_url: "https://reva.test" };
    const message = { id: "dead-1", timestamp: new Date(), attempts: 6, body: job };
    for (let i = 0; i < 2; i++) {
      const batch = createMessageBatch("reva-email-dlq", [message]);
      const ctx = createExecutionContext();
      await worker.queue(batch, env, ctx);
      expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["dead-1"]);
    }
    const mine = await json(request("/api/v1/dead-letters", { key: store.secret_key }));
    expect(mine.data).toEqual([{ id: "reva-email-dlq:dead-1", queue: "reva-email-dlq", body: job, created_at: expect.any(String) }]);
    expect((await json(request("/api/v1/dead-letters", { key: other.secret_key }))).data).toEqual([]);
  });
});

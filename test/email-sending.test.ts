import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import worker from "../worker/index";
import { createFastStore, json, patchSettings, postCart, request } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { d1FailingProjections, deliver, runAlarmCapturingJobs } from "./helpers/queue";
import { failFor, heldAt, releaseHeld, sentTo } from "./helpers/resend";
import { eventually, getSequence, runAlarm, stepStatus, waitForStep } from "./helpers/sequences";

let clock: ReturnType<typeof useFakeClock>;
afterEach(() => clock?.restore());

async function abandonedCart(store: { secret_key: string }, overrides: Record<string, unknown> = {}) {
  return postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString(), ...overrides });
}

type Cart = Awaited<ReturnType<typeof abandonedCart>>;

/**
 * `count` carts of one store whose email_2h step is due and queued, with the queue jobs for them.
 * The jobs are captured (never reach the queue): the test's `deliver()` is their only delivery.
 * Tests that follow the runtime's own consumer use `runAlarm` and `waitForStep` instead.
 */
async function cartsWithQueuedEmail(store: { id: string; secret_key: string }, count: number, overrides: Record<string, unknown> = {}) {
  const carts = await Promise.all(Array.from({ length: count }, () => abandonedCart(store, overrides)));
  clock.at(2000);
  const jobs = (await Promise.all(carts.map((cart) => runAlarmCapturingJobs(store.id, cart.payload.cart_token)))).flat();
  expect(jobs).toEqual(carts.map((c) => ({ store_id: store.id, cart_token: c.payload.cart_token, sequence_id: c.sequence.id, step_id: "email_2h", base_url: "https://reva.test" })));
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

// Several deliveries per test against the fake: generous on a loaded machine.
describe("recovery emails through Resend", { timeout: 20_000 }, () => {
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
    // Until the store's own domain is verified (test/sending-domains.test.ts), the operator's sender speaks for it.
    expect(email.from).toBe('"Acme, Inc." <shop@demo.reva.dev>');
    expect(email.to).toEqual([payload.email]);
    expect(email.subject).toBe("Come back Ann");
    expect(email.headers["List-Unsubscribe"]).toMatch(/^<https:\/\/reva\.test\/unsubscribe\?token=[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+>$/);
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
    const { carts, jobs } = await cartsWithQueuedEmail(store, 1);
    expect((await deliver(jobs)).explicitAcks).toHaveLength(1);
    const result = await deliver([jobs[0], jobs[0]], { attempts: 2 });
    expect(result.explicitAcks).toHaveLength(2);
    expect((await sentTo(store.id)).emails).toHaveLength(1);
    const current = await getSequence(store.secret_key, carts[0]!.sequence.id);
    expect(stepStatus(current, "email_2h")).toBe("sent");
    expect(current.timeline.filter((e: any) => e.type === "email_sent")).toHaveLength(1);
  });

  it("retries a delivery whose objects' projection failed after the send, and the retry shows the email sent, sending nothing again", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { carts, jobs } = await cartsWithQueuedEmail(store, 1);
    const sequenceId = carts[0]!.sequence.id;
    expect((await deliver(jobs, { envOverrides: { DB: d1FailingProjections(env.DB) } })).retryMessages).toHaveLength(1);
    expect((await sentTo(store.id)).emails).toHaveLength(1);
    expect(stepStatus(await getSequence(store.secret_key, sequenceId), "email_2h")).not.toBe("sent");

    expect((await deliver(jobs, { attempts: 2 })).explicitAcks).toHaveLength(1);
    expect((await sentTo(store.id)).emails).toHaveLength(1);
    const current = await getSequence(store.secret_key, sequenceId);
    expect(stepStatus(current, "email_2h")).toBe("sent");
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
    // The first attempt is accepted but its answer lost.
    await failFor(store.id, { fail_rate: 1, fail_after_accept: true });
    const { carts, jobs } = await cartsWithQueuedEmail(store, 5);
    await deliver(jobs);
    await failFor(store.id, { fail_rate: 0 });
    // Redelivered in another order: the stored batch is resent as it was first sent.
    expect((await deliver([...jobs].reverse(), { attempts: 2 })).explicitAcks).toHaveLength(5);

    const { emails, requests } = await sentTo(store.id);
    expect(emails).toHaveLength(5);
    expect(requests.map((r) => [r.outcome, r.size])).toEqual([["500-after-accept", 5], ["replayed", 5]]);
    for (const cart of carts) expect(stepStatus(await getSequence(store.secret_key, cart.sequence.id), "email_2h")).toBe("sent");
  });

  it("waits out a short 429 inline for its retry-after and then sends, in one delivery", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { carts, jobs } = await cartsWithQueuedEmail(store, 3);
    // Answered by count, not by the fake's clock: the Worker's faked Date and the fake's wall clock never meet.
    await failFor(store.id, { rate_limit_next: 1, retry_after: 1 });
    expect((await deliver(jobs)).explicitAcks).toHaveLength(3);
    const { emails, requests } = await sentTo(store.id);
    expect(requests.map((r) => [r.outcome, r.size])).toEqual([[429, 3], [200, 3]]);
    expect(new Set(emails.map((e) => e.tags.find((t) => t.name === "sequence_id")!.value))).toEqual(new Set(carts.map((c) => c.sequence.id)));
    for (const cart of carts) expect(stepStatus(await getSequence(store.secret_key, cart.sequence.id), "email_2h")).toBe("sent");
  });

  it("hands a long 429 back to the queue with its retry-after, and sends on the redelivery", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { carts, jobs } = await cartsWithQueuedEmail(store, 2);
    await failFor(store.id, { rate_limit_next: 1, retry_after: 60 });
    // Not waited out inline (the test would take a minute): both go back to the queue.
    expect((await deliver(jobs)).retryMessages).toHaveLength(2);
    for (const cart of carts) expect(stepStatus(await getSequence(store.secret_key, cart.sequence.id), "email_2h")).toBe("scheduled");
    expect((await deliver(jobs, { attempts: 2 })).explicitAcks).toHaveLength(2);
    expect((await sentTo(store.id)).requests.map((r) => r.outcome)).toEqual([429, 200]);
    for (const cart of carts) expect(stepStatus(await getSequence(store.secret_key, cart.sequence.id), "email_2h")).toBe("sent");
  });

  it("never sends twice when a redelivery overlaps the delivery still waiting for Resend's answer", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { carts, jobs } = await cartsWithQueuedEmail(store, 4);
    await failFor(store.id, { hold: true });
    const first = deliver(jobs);
    await eventually(async () => expect(await heldAt(store.id)).toBe(1));
    // Each job redelivered alone while the first delivery's request is at Resend: they wait, none sends.
    const overlapping = await Promise.all(jobs.map((job) => deliver([job], { attempts: 2 })));
    expect(overlapping.map((r) => r.retryMessages.length)).toEqual([1, 1, 1, 1]);
    await releaseHeld(store.id);
    expect((await first).explicitAcks).toHaveLength(4);
    expect((await deliver(jobs, { attempts: 3 })).explicitAcks).toHaveLength(4);
    const { emails, requests } = await sentTo(store.id);
    expect(requests.map((r) => r.outcome)).toEqual([200]);
    expect(emails.map((e) => e.tags.find((t) => t.name === "sequence_id")!.value).sort()).toEqual(carts.map((c) => c.sequence.id).sort());
  });

  it("lets one email through the frequency cap when two carts of one shopper are sent together", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    await patchSettings(store.secret_key, { frequency_cap: { max_emails: 1, per_hours: 24 } });
    const { carts, jobs } = await cartsWithQueuedEmail(store, 2, { email: "twice@example.com" });
    await deliver(jobs);
    const states = await Promise.all(carts.map((c) => getSequence(store.secret_key, c.sequence.id)));
    const steps = states.map((s) => s.steps.find((step: any) => step.id === "email_2h"));
    expect(steps.map((s) => s.status).sort()).toEqual(["scheduled", "sent"]);
    expect(steps.find((s) => s.status === "scheduled").reason).toContain("frequency cap");
    expect((await sentTo(store.id)).emails).toHaveLength(1);
  });

  it("records an email Resend refuses as a permanent failure and does not retry it", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { carts, jobs } = await cartsWithQueuedEmail(store, 1, { email: "refused@example.com" });
    await failFor(store.id, { reject_index_to: "refused@example.com" });
    expect((await deliver(jobs)).explicitAcks).toHaveLength(1);
    const failed = await getSequence(store.secret_key, carts[0]!.sequence.id);
    expect(failed.steps.find((s: any) => s.id === "email_2h")).toMatchObject({ status: "failed", reason: "Resend refused this email: Resend refused this recipient" });
    const redelivered = await deliver(jobs, { attempts: 2 });
    expect(redelivered.retryMessages).toEqual([]);
    const { emails, requests } = await sentTo(store.id);
    expect(emails).toHaveLength(0);
    expect(requests.map((r) => r.outcome)).toEqual([200]);
    const outbox = await json(request("/api/v1/outbox", { key: store.secret_key }));
    expect(outbox.data[0]).toMatchObject({ status: "failed", error: "Resend refused this email: Resend refused this recipient" });
  });

  it("keeps rendered emails in the outbox when no Resend key is set", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { carts, jobs } = await cartsWithQueuedEmail(store, 1);
    const { payload, sequence } = carts[0]!;
    expect((await deliver(jobs, { envOverrides: { RESEND_API_KEY: undefined } })).explicitAcks).toHaveLength(1);
    const current = await getSequence(store.secret_key, sequence.id);
    expect(stepStatus(current, "email_2h")).toBe("sent");
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
    const { carts, jobs } = await cartsWithQueuedEmail(store, 1);
    const [job] = jobs;
    const { sequence } = carts[0]!;
    await failFor(store.id, { fail_rate: 1 });
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

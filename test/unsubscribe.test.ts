import { env, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { json, postCart, request, sequenceStub } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { storeWithSentEmail } from "./helpers/email-flow";
import { sentTo } from "./helpers/resend";
import { deliver, runAlarmCapturingJobs } from "./helpers/queue";
import { getSequence, runAlarm, stepStatus, waitForStep, waitForStepReason } from "./helpers/sequences";

let clock: ReturnType<typeof useFakeClock>;
afterEach(() => clock?.restore());

const path = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

async function suppressions(key: string) {
  return (await json(request("/api/v1/suppressions", { key }))).data;
}

describe("unsubscribe", () => {
  it("GET shows the store and the masked address and changes nothing", async () => {
    clock = useFakeClock();
    // A name no other test store has, and an address whose mask is known: the page must show these two.
    const name = `Maison ${crypto.randomUUID().slice(0, 8)}`;
    const { store, unsubscribe, sequence, payload } = await storeWithSentEmail(clock, { email: "annabel@example.com" }, { name });
    const page = await request(path(unsubscribe));
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain(`<h1>Unsubscribe from ${name}?</h1>`);
    expect(html).toContain(`from ${name} at <strong>a******@example.com</strong>`);
    expect(html).not.toContain(payload.email);
    expect(html).toMatch(/<form method="post"><button type="submit">Unsubscribe<\/button><\/form>/);
    expect(await suppressions(store.secret_key)).toEqual([]);
    expect((await getSequence(store.secret_key, sequence.id)).status).toBe("active");
  });

  it("POST from the page unsubscribes at once, stops the sequence, and is idempotent", async () => {
    clock = useFakeClock();
    const name = `Maison ${crypto.randomUUID().slice(0, 8)}`;
    const { store, unsubscribe, sequence, payload } = await storeWithSentEmail(clock, { email: "annabel@example.com" }, { name });
    const form = { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" };
    const first = await request(path(unsubscribe), form);
    expect(first.status).toBe(200);
    expect(first.headers.get("location")).toBeNull();
    const confirmation = await first.text();
    expect(confirmation).toContain("You are unsubscribed");
    expect(confirmation).toContain(`${name} will send no more cart reminders to <strong>a******@example.com</strong>`);
    const again = await request(path(unsubscribe), form);
    expect(again.status).toBe(200);

    expect(await suppressions(store.secret_key)).toEqual([{ email: payload.email, reason: "unsubscribed", source: "unsubscribe_link", created_at: expect.any(String) }]);
    const stopped = await getSequence(store.secret_key, sequence.id);
    expect(stopped.status).toBe("stopped");
    expect(stopped.timeline.filter((e: any) => e.type === "unsubscribed")).toHaveLength(1);
    clock.at(5000);
    await runAlarm(store.id, payload.cart_token);
    expect((await sentTo(store.id)).emails).toHaveLength(1);
    const stats = await json(request("/api/v1/recovery/analytics", { key: store.secret_key }));
    expect(stats.emails.unsubscribed).toBe(1);
  });

  it("accepts RFC 8058 one-click bodies, form-encoded and multipart, without a cookie", async () => {
    clock = useFakeClock();
    const { store, unsubscribe } = await storeWithSentEmail(clock);
    const oneClick = await request(path(unsubscribe), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
    const multipart = new FormData();
    multipart.set("List-Unsubscribe", "One-Click");
    const viaMultipart = await request(path(unsubscribe), { method: "POST", body: multipart });
    expect(viaMultipart.status).toBe(200);
    expect(await suppressions(store.secret_key)).toHaveLength(1);
  });

  it("answers a forged or malformed token with a 400 page and changes nothing", async () => {
    clock = useFakeClock();
    const { store, unsubscribe, sequence } = await storeWithSentEmail(clock);
    const token = new URL(unsubscribe).searchParams.get("token")!;
    const tampered = token.slice(0, 30) + (token[30] === "A" ? "B" : "A") + token.slice(31);
    for (const bad of [`/unsubscribe?token=${tampered}`, "/unsubscribe?token=garbage", "/unsubscribe"]) {
      const post = await request(bad, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } });
      expect(post.status).toBe(400);
      expect(post.headers.get("content-type")).toContain("text/html");
      expect((await request(bad)).status).toBe(400);
    }
    expect(await suppressions(store.secret_key)).toEqual([]);
    const current = await getSequence(store.secret_key, sequence.id);
    expect(current.status).toBe("active");
    expect(current.timeline.map((e: any) => e.type)).not.toContain("unsubscribed");
  });

  it("stops an email that already sits in the send queue", async () => {
    clock = useFakeClock();
    const { store, unsubscribe, sequence, payload } = await storeWithSentEmail(clock);
    // The job is captured, so this test's delivery is its only one (the runtime's consumer never sees it).
    clock.at(3000);
    const [job] = await runAlarmCapturingJobs(store.id, payload.cart_token);
    // The object holds the queued email (D1 shows it with the send's outcome, issue 11.2).
    const queued = await runInDurableObject(sequenceStub(store.id, payload.cart_token), (_object, state) => state.storage.get<any>("sequence"));
    expect(queued.steps.find((s: any) => s.id === "email_24h").reason).toBe("queued for sending");
    await request(path(unsubscribe), { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect((await deliver([job], { attempts: 2 })).explicitAcks).toHaveLength(1);
    const settled = await waitForStep(store.secret_key, sequence.id, "email_24h", "skipped");
    expect(settled.steps.find((s: any) => s.id === "email_24h").reason).toContain("unsubscribed");
    expect((await sentTo(store.id)).emails.map((e) => e.tags.find((t) => t.name === "step")!.value)).toEqual(["email_2h"]);
  });

  it("applies store-wide: another cart of the same shopper gets no email", async () => {
    clock = useFakeClock();
    const { store, unsubscribe, payload } = await storeWithSentEmail(clock);
    await request(path(unsubscribe), { method: "POST", body: "", headers: { "content-type": "application/x-www-form-urlencoded" } });
    const other = await postCart(store.secret_key, { email: payload.email, updated_at: new Date(clock.start + 2000).toISOString() });
    // When its first email alone is due (several overdue at once would collapse into the latest).
    clock.at(4000);
    await runAlarm(store.id, other.payload.cart_token);
    const current = await waitForStepReason(store.secret_key, other.sequence.id, "email_2h", "suppressed");
    expect(stepStatus(current, "email_2h")).toBe("skipped");
    expect(current.steps.find((s: any) => s.id === "email_2h").reason).toBe("address suppressed (unsubscribed)");
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM emails WHERE sequence_id = ?").bind(other.sequence.id).first<{ n: number }>();
    expect(rows?.n).toBe(0);
  });
});

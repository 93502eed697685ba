import { afterEach, describe, expect, it } from "vitest";
import { json, patchSettings, request } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { storeWithSentEmail } from "./helpers/email-flow";
import { svixHeaders } from "./helpers/resend";
import { eventually, getSequence, runAlarm, stepStatus, waitForStep } from "./helpers/sequences";

let clock: ReturnType<typeof useFakeClock>;
afterEach(() => clock?.restore());

async function resendWebhook(event: unknown, options: Parameters<typeof svixHeaders>[1] = {}) {
  const body = JSON.stringify(event);
  return request("/webhooks/resend", { method: "POST", body, headers: await svixHeaders(body, options) });
}

const event = (type: string, emailId: string, data: Record<string, unknown> = {}) => ({
  type,
  created_at: new Date().toISOString(),
  data: { email_id: emailId, from: "x@example.com", to: ["a@example.com"], subject: "s", created_at: new Date().toISOString(), ...data },
});

describe("email links", () => {
  it("record the click and redirect to the checkout with UTM parameters, keeping its query", async () => {
    clock = useFakeClock();
    const { store, sequence, links, payload } = await storeWithSentEmail(clock);
    const cartLink = links.find((l) => l.includes("/r/"))!;
    const response = await request(new URL(cartLink).pathname, { redirect: "manual" });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(payload.checkout_url.split("?")[0]);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      step: "contact",
      utm_source: "reva",
      utm_medium: "email",
      utm_campaign: "cart_recovery",
      utm_content: "email_2h",
      sequence_id: sequence.id,
    });
    const clicked = await eventually(async () => {
      const s = await getSequence(store.secret_key, sequence.id);
      expect(s.timeline.map((e: any) => e.type)).toContain("email_clicked");
      return s;
    });
    expect(clicked.timeline.filter((e: any) => e.type === "email_clicked")).toHaveLength(1);
  });

  it("link item pages only on the store's own domains, never foreign ones", async () => {
    clock = useFakeClock();
    const { links } = await storeWithSentEmail(
      clock,
      {
        items: [
          { id: "own", title: "Own page", price: "1", quantity: 1, url: "https://own-shop.example.com/products/own?v=1" },
          { id: "evil", title: "Foreign page", price: "1", quantity: 1, url: "https://evil.example.net/phish" },
        ],
        total_price: "2",
      },
      { domains: ["own-shop.example.com"] },
    );
    const targets = [];
    for (const link of links.filter((l) => l.includes("/r/"))) {
      const response = await request(new URL(link).pathname, { redirect: "manual" });
      const location = new URL(response.headers.get("location")!);
      targets.push(`${location.host}${location.pathname}`);
    }
    expect(targets).not.toContain("evil.example.net/phish");
    expect(targets).toContain("own-shop.example.com/products/own");
    expect(targets).toContain("shop.example.com/checkouts/abc");
  });

  it("refuse forged or tampered tokens", async () => {
    clock = useFakeClock();
    const { store, sequence, links } = await storeWithSentEmail(clock);
    const cartLink = new URL(links.find((l) => l.includes("/r/"))!).pathname;
    const token = cartLink.slice(3);
    const tampered = token.slice(0, 20) + (token[20] === "A" ? "B" : "A") + token.slice(21);
    for (const bad of [tampered, "abc", "x".repeat(200)]) {
      const response = await request(`/r/${bad}`, { redirect: "manual" });
      expect(response.status).toBe(404);
      expect(response.headers.get("location")).toBeNull();
    }
    // One genuine click afterwards: once it is on the timeline, the refused ones would be there too.
    await request(cartLink, { redirect: "manual" });
    const clicked = await eventually(async () => {
      const s = await getSequence(store.secret_key, sequence.id);
      expect(s.timeline.map((e: any) => e.type)).toContain("email_clicked");
      return s;
    });
    expect(clicked.timeline.filter((e: any) => e.type === "email_clicked")).toHaveLength(1);
  });
});

describe("Resend webhooks", () => {
  it("put delivery events on the timeline and in the counters, once", async () => {
    clock = useFakeClock();
    const { store, sequence, email } = await storeWithSentEmail(clock);
    const delivered = event("email.delivered", email.id);
    const first = await resendWebhook(delivered, { id: "msg_delivered_1" });
    expect(await first.json()).toEqual({ status: "recorded" });
    const replay = await resendWebhook(delivered, { id: "msg_delivered_1" });
    expect(await replay.json()).toEqual({ status: "duplicate" });
    for (const id of ["msg_open_1", "msg_open_2"]) await resendWebhook(event("email.opened", email.id), { id });

    const current = await getSequence(store.secret_key, sequence.id);
    const types = current.timeline.map((e: any) => e.type);
    expect(types.filter((t: string) => t === "email_delivered")).toHaveLength(1);
    expect(types.filter((t: string) => t === "email_opened")).toHaveLength(1);
    const stats = await json(request("/api/v1/recovery/analytics", { key: store.secret_key }));
    expect(stats.emails).toMatchObject({ sent: 1, delivered: 1, opened: 1 });
    expect(stats.by_step.find((s: any) => s.step === "email_2h")).toMatchObject({ sent: 1, opened: 1 });
  });

  it("reject forged and stale signatures, changing nothing", async () => {
    clock = useFakeClock();
    const { store, sequence, email } = await storeWithSentEmail(clock);
    const body = event("email.delivered", email.id);
    const forgedId = `msg_${crypto.randomUUID()}`;
    const forged = await resendWebhook(body, { secret: `whsec_${btoa("another secret entirely!")}`, id: forgedId });
    expect(forged.status).toBe(401);
    const stale = await resendWebhook(body, { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    expect(stale.status).toBe(401);
    const raw = JSON.stringify(body);
    const headers = await svixHeaders(raw);
    // Signed as a delivery, sent as a permanent bounce: accepted, it would suppress the address.
    const tamperedBody = await request("/webhooks/resend", { method: "POST", body: raw.replace("delivered", "bounced"), headers });
    expect(tamperedBody.status).toBe(401);

    const current = await getSequence(store.secret_key, sequence.id);
    expect(current.status).toBe("active");
    expect(current.timeline.filter((e: any) => e.type === "email_delivered" || e.type === "email_bounced")).toEqual([]);
    expect((await json(request("/api/v1/suppressions", { key: store.secret_key }))).data).toEqual([]);
    expect((await json(request("/api/v1/recovery/analytics", { key: store.secret_key }))).emails).toMatchObject({ delivered: 0, bounced: 0 });
    // The refused ids were not spent: the genuine event under one of them is still recorded.
    expect(await (await resendWebhook(body, { id: forgedId })).json()).toEqual({ status: "recorded" });
    expect((await json(request("/api/v1/recovery/analytics", { key: store.secret_key }))).emails).toMatchObject({ delivered: 1, bounced: 0 });
  });

  it("suppress the address on a permanent bounce, so no later step sends", async () => {
    clock = useFakeClock();
    const { store, sequence, email, payload } = await storeWithSentEmail(clock);
    const bounced = event("email.bounced", email.id, { bounce: { type: "Permanent", subType: "General", message: "550 no such user" } });
    expect(await (await resendWebhook(bounced)).json()).toEqual({ status: "recorded" });
    const list = await json(request("/api/v1/suppressions", { key: store.secret_key }));
    expect(list.data).toEqual([{ email: payload.email, reason: "bounced", source: "resend_webhook", created_at: expect.any(String) }]);
    const current = await getSequence(store.secret_key, sequence.id);
    expect(current.status).toBe("stopped");
    expect(current.stopped_reason).toBe("address bounced");
    clock.at(3000);
    await runAlarm(store.id, payload.cart_token);
    expect(stepStatus(await getSequence(store.secret_key, sequence.id), "email_24h")).toBe("skipped");
  });

  it("treat a transient bounce as an event only, and a complaint as a suppression", async () => {
    clock = useFakeClock();
    const { store, sequence, email, payload } = await storeWithSentEmail(clock);
    const transient = await resendWebhook(event("email.bounced", email.id, { bounce: { type: "Transient", subType: "MailboxFull", message: "full" } }));
    expect(await transient.json()).toEqual({ status: "recorded" });
    expect((await json(request("/api/v1/suppressions", { key: store.secret_key }))).data).toEqual([]);
    const afterBounce = await getSequence(store.secret_key, sequence.id);
    expect(afterBounce.status).toBe("active");
    expect(afterBounce.timeline.filter((e: any) => e.type === "email_bounced").map((e: any) => e.detail)).toEqual(["bounce Transient MailboxFull: full"]);
    // The address still receives the next step.
    clock.at(3000);
    await runAlarm(store.id, payload.cart_token);
    await waitForStep(store.secret_key, sequence.id, "email_24h", "sent");
    await resendWebhook(event("email.complained", email.id));
    const csv = await request("/api/v1/suppressions?format=csv", { key: store.secret_key });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("email,reason,created_at,source");
    expect(lines[1]).toMatch(new RegExp(`^${payload.email.replace(".", "\\.")},complained,`));
  });
});

describe("step copy", () => {
  it("rejects an unknown placeholder, naming it", async () => {
    clock = useFakeClock();
    const { store } = await storeWithSentEmail(clock);
    const response = await request("/api/v1/store/settings", {
      method: "PATCH",
      key: store.secret_key,
      json: { steps: [{ id: "email_1", channel: "email", delay_seconds: 60, subject: "Hi {{first_name}}, use {{coupon_code}}" }] },
    });
    expect(response.status).toBe(422);
    const problem = await response.json<any>();
    expect(problem.errors).toEqual([{ field: "steps.0.subject", message: "unknown placeholder {{coupon_code}}" }]);
    await patchSettings(store.secret_key, { steps: [{ id: "email_1", channel: "email", delay_seconds: 60, subject: "Hi {{ first_name }}" }] });
  });
});

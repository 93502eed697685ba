import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { createFastStore, createStore, json, patchSettings, postCart, request } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { fakeResend, sentTo } from "./helpers/resend";
import { runAlarm, waitForStep } from "./helpers/sequences";

let clock: ReturnType<typeof useFakeClock> | undefined;
afterEach(() => {
  clock?.restore();
  clock = undefined;
});

/** A brand domain no other test uses, so Resend (the fake, shared by all tests) has never seen it. */
const brandDomain = () => `brand-${crypto.randomUUID().slice(0, 8)}.test`;

async function sendFirstEmail(store: { id: string; secret_key: string }, fake: ReturnType<typeof useFakeClock>) {
  const { payload, sequence } = await postCart(store.secret_key, { updated_at: new Date(fake.start).toISOString() });
  fake.at(2000);
  await runAlarm(store.id, payload.cart_token);
  await waitForStep(store.secret_key, sequence.id, "email_2h", "sent");
  const { emails } = await sentTo(store.id);
  return emails;
}

const markAtResend = (name: string, status: string) => fakeResend("/__fake/domains/status", { name, status });

describe("sender identity per store", () => {
  it("sends from the operator's DEFAULT_FROM under the store's name, replies to the store, until its domain is verified", async () => {
    clock = useFakeClock();
    const domain = brandDomain();
    const store = await createFastStore();
    await patchSettings(store.secret_key, { from_email: `hello@${domain}`, from_name: "Acme" });
    const [email] = await sendFirstEmail(store, clock);
    expect(email!.from).toBe('"Acme" <shop@demo.reva.dev>');
    expect((email as unknown as { reply_to: string }).reply_to).toBe(`hello@${domain}`);
  });

  it("adds the domain to Resend, shows its records, and sends from the store's own address once Resend verified it", async () => {
    clock = useFakeClock();
    const domain = brandDomain();
    const store = await createFastStore();
    await patchSettings(store.secret_key, { from_email: `hello@${domain}`, from_name: "Acme", reply_to: `care@${domain}` });

    const before = await json(request("/api/v1/store/sending-domain", { key: store.secret_key }));
    expect(before).toEqual({ domain, status: "not_started", records: [] });

    const added = await request("/api/v1/store/sending-domain", { method: "POST", key: store.secret_key });
    expect(added.status).toBe(200);
    const shown = await added.json<any>();
    expect(shown.domain).toBe(domain);
    expect(shown.status).toBe("not_started");
    expect(shown.records.map((r: any) => `${r.type} ${r.name}`)).toEqual(["MX send", "TXT send", "TXT resend._domainkey"]);
    expect(shown.records.every((r: any) => Object.keys(r).sort().join() === "name,type,value")).toBe(true);

    // Asking again starts Resend's check: pending until its DNS lookup succeeds.
    expect((await json(request("/api/v1/store/sending-domain", { method: "POST", key: store.secret_key }))).status).toBe("pending");
    expect((await json(request("/api/v1/store/settings", { key: store.secret_key }))).sending_domain.status).toBe("pending");

    await markAtResend(domain, "verified");
    expect((await json(request("/api/v1/store/sending-domain", { key: store.secret_key }))).status).toBe("verified");
    const settings = await json(request("/api/v1/store/settings", { key: store.secret_key }));
    expect(settings.sending_domain).toMatchObject({ domain, status: "verified" });

    const [email] = await sendFirstEmail(store, clock);
    expect(email!.from).toBe(`"Acme" <hello@${domain}>`);
    expect((email as unknown as { reply_to: string }).reply_to).toBe(`care@${domain}`);
  });

  it("goes back to the default sender when the store changes its from_email to an unverified domain", async () => {
    clock = useFakeClock();
    const verified = brandDomain();
    const store = await createFastStore();
    await patchSettings(store.secret_key, { from_email: `hello@${verified}` });
    await request("/api/v1/store/sending-domain", { method: "POST", key: store.secret_key });
    await markAtResend(verified, "verified");
    await request("/api/v1/store/sending-domain", { key: store.secret_key });
    const other = brandDomain();
    const settings = await patchSettings(store.secret_key, { from_email: `hello@${other}` });
    expect(settings.sending_domain).toEqual({ domain: other, status: "not_started", records: [] });
    const [email] = await sendFirstEmail(store, clock);
    expect(email!.from).toMatch(/<shop@demo\.reva\.dev>$/);
  });

  it("gives one sending domain to one store: a second store's claim is 409 and changes nothing", async () => {
    const domain = brandDomain();
    const owner = await createStore({ from_email: `hello@${domain}` });
    const other = await createStore({ from_email: `sales@${domain}` });
    expect((await request("/api/v1/store/sending-domain", { method: "POST", key: owner.secret_key })).status).toBe(200);
    await markAtResend(domain, "verified");

    const claim = await request("/api/v1/store/sending-domain", { method: "POST", key: other.secret_key });
    expect(claim.status).toBe(409);
    expect(claim.headers.get("content-type")).toBe("application/problem+json");
    expect((await claim.json<any>()).errors).toEqual([{ field: "from_email", message: `the domain ${domain} belongs to another store` }]);
    expect(await json(request("/api/v1/store/sending-domain", { key: other.secret_key }))).toEqual({ domain, status: "not_started", records: [] });
    expect((await json(request("/api/v1/store/sending-domain", { key: owner.secret_key }))).status).toBe("verified");
    const rows = await env.DB.prepare("SELECT id FROM stores WHERE sending_domain = ?").bind(domain).all();
    expect(rows.results).toEqual([{ id: owner.id }]);
  });

  it("never hands a store a domain it did not verify itself: the operator's sender, a domain already at Resend, one another store gave up", async () => {
    clock = useFakeClock();
    const operator = await createStore({ from_email: "me@demo.reva.dev" });
    const own = await request("/api/v1/store/sending-domain", { method: "POST", key: operator.secret_key });
    expect(own.status).toBe(409);
    expect((await own.json<any>()).errors[0].field).toBe("from_email");

    // example.com is verified in the (fake) Resend account already: records someone else published.
    const squatter = await createStore({ from_email: "ceo@example.com" });
    expect((await request("/api/v1/store/sending-domain", { method: "POST", key: squatter.secret_key })).status).toBe(409);
    expect(await json(request("/api/v1/store/sending-domain", { key: squatter.secret_key }))).toEqual({ domain: "example.com", status: "not_started", records: [] });
    expect((await env.DB.prepare("SELECT count(*) AS n FROM stores WHERE sending_domain = 'example.com'").first<{ n: number }>())!.n).toBe(0);

    const given = brandDomain();
    const first = await createFastStore();
    await patchSettings(first.secret_key, { from_email: `hello@${given}` });
    await request("/api/v1/store/sending-domain", { method: "POST", key: first.secret_key });
    await markAtResend(given, "verified");
    await patchSettings(first.secret_key, { from_email: `hello@${brandDomain()}` });
    await request("/api/v1/store/sending-domain", { method: "POST", key: first.secret_key });
    const second = await createFastStore();
    await patchSettings(second.secret_key, { from_email: `hello@${given}` });
    const claimed = await json(request("/api/v1/store/sending-domain", { method: "POST", key: second.secret_key }));
    expect(claimed).toMatchObject({ domain: given, status: "not_started" });
    const [email] = await sendFirstEmail(second, clock);
    expect(email!.from).toMatch(/<shop@demo\.reva\.dev>$/);
  });

  it("keeps sending_domain read-only in settings", async () => {
    const store = await createStore();
    const response = await request("/api/v1/store/settings", { method: "PATCH", key: store.secret_key, json: { sending_domain: { domain: "x.test", status: "verified", records: [] } } });
    expect(response.status).toBe(422);
    expect((await json(request("/api/v1/store/settings", { key: store.secret_key }))).sending_domain.status).toBe("not_started");
  });
});

describe("storefront domains", () => {
  it("belong to one store: another store can neither be created with one nor add it (409, nothing saved)", async () => {
    const a = await createStore();
    const own = (await json(request("/api/v1/store/settings", { key: a.secret_key }))).domains[0];
    const b = await createStore();

    const patch = await request("/api/v1/store/settings", { method: "PATCH", key: b.secret_key, json: { domains: ["b.example.org", own.toUpperCase()], from_name: "B" } });
    expect(patch.status).toBe(409);
    expect((await patch.json<any>()).errors[0].field).toBe("domains");
    const settingsB = await json(request("/api/v1/store/settings", { key: b.secret_key }));
    expect(settingsB.domains).not.toContain(own);
    expect(settingsB.from_name).not.toBe("B");

    const created = await request("/api/v1/stores", { method: "POST", key: "dev-admin-token", json: { name: "Copycat", domain: own, from_email: "a@copycat.test" } });
    expect(created.status).toBe(409);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM stores WHERE name = 'Copycat'").first<{ n: number }>())!.n).toBe(0);

    // So a publishable key of B is never accepted from A's storefront.
    const widget = await request(`/api/v1/widget/session?key=${b.publishable_key}`, {
      method: "OPTIONS",
      headers: { origin: `https://${own}`, "access-control-request-method": "POST" },
    });
    expect(widget.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("can be moved: a domain a store gave up is free for another", async () => {
    const a = await createStore();
    const own = (await json(request("/api/v1/store/settings", { key: a.secret_key }))).domains[0];
    await patchSettings(a.secret_key, { domains: ["new-a.example.org"] });
    const b = await createStore();
    expect((await patchSettings(b.secret_key, { domains: [own] })).domains).toEqual([own]);
  });
});

describe("the fake Resend's domain check", () => {
  it("refuses a send from a domain the account has not verified (403 validation_error), as Resend does", async () => {
    const response = await fetch(`${env.RESEND_BASE_URL}/emails`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.RESEND_API_KEY}`, "user-agent": "t", "content-type": "application/json" },
      body: JSON.stringify({ from: "a@not-verified.test", to: ["b@example.com"], subject: "s", text: "t" }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ name: "validation_error", message: expect.stringContaining("The not-verified.test domain is not verified") });
  });
});

describe("test sends", () => {
  const testSend = (key: string, to: string) => request("/api/v1/store/steps/email_2h/test", { method: "POST", key, json: { to } });

  it("refuse a suppressed address (422 naming `to`) and send it nothing", async () => {
    const store = await createStore();
    await env.DB.prepare("INSERT INTO suppressions (store_id, email, reason, created_at) VALUES (?, ?, 'unsubscribed', ?)")
      .bind(store.id, "gone@example.com", new Date().toISOString())
      .run();
    const response = await testSend(store.secret_key, "Gone@Example.com");
    expect(response.status).toBe(422);
    expect((await response.json<any>()).errors[0].field).toBe("to");
    expect((await sentTo(store.id)).emails).toEqual([]);
  });

  it("are limited to 10 per store per hour (429 with Retry-After), then allowed again", async () => {
    clock = useFakeClock();
    const store = await createStore();
    const other = await createStore();
    for (let i = 0; i < 10; i++) expect((await testSend(store.secret_key, `me${i}@example.com`)).status).toBe(200);
    const limited = await testSend(store.secret_key, "me10@example.com");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toBe("application/problem+json");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect((await sentTo(store.id)).emails.filter((e) => e.tags.some((t) => t.value === "test"))).toHaveLength(10);
    // Another store's budget is its own.
    expect((await testSend(other.secret_key, "me@example.com")).status).toBe(200);
    clock.at(retryAfter * 1000);
    expect((await testSend(store.secret_key, "me11@example.com")).status).toBe(200);
  });
});

import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, createStore, json, patchSettings, request } from "./helpers/api";

describe("store creation", () => {
  it("creates a store with keys shown once and the default plan", async () => {
    const response = await request("/api/v1/stores", {
      method: "POST",
      key: ADMIN_TOKEN,
      json: { name: "Acme", domain: "acme.example.com", from_email: "hi@acme.example.com", timezone: "Europe/Paris", currency: "EUR" },
    });
    expect(response.status).toBe(201);
    const keys = await response.json<any>();
    expect(keys.id).toMatch(/^store_/);
    expect(keys.secret_key).toMatch(/^sk_/);
    expect(keys.publishable_key).toMatch(/^pk_/);
    expect(keys.webhook_secret).toMatch(/^whsec_/);

    const settings = await json(request("/api/v1/store/settings", { key: keys.secret_key }));
    expect(settings.name).toBe("Acme");
    expect(settings.domains).toEqual(["acme.example.com"]);
    expect(settings.timezone).toBe("Europe/Paris");
    expect(settings.steps.map((s: any) => [s.id, s.delay_seconds])).toEqual([
      ["popup_1h", 3600],
      ["email_2h", 7200],
      ["email_24h", 86400],
      ["email_48h", 172800],
      ["email_72h", 259200],
    ]);
    expect(JSON.stringify(settings)).not.toContain(keys.secret_key);
  });

  it("stores keys only as hashes", async () => {
    const keys = await createStore();
    const { env } = await import("cloudflare:test");
    const row = await env.DB.prepare("SELECT * FROM stores WHERE id = ?").bind(keys.id).first();
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(keys.secret_key);
    expect(stored).not.toContain(keys.publishable_key);
    expect(stored).not.toContain(keys.webhook_secret);
  });

  it("refuses creation without the admin token, creating nothing", async () => {
    const name = `Refused ${crypto.randomUUID()}`;
    const none = await request("/api/v1/stores", { method: "POST", json: { name, domain: "x.example.com", from_email: "a@x.example.com" } });
    expect(none.status).toBe(401);
    expect(none.headers.get("content-type")).toBe("application/problem+json");
    const wrong = await request("/api/v1/stores", { method: "POST", key: "nope", json: { name, domain: "x.example.com", from_email: "a@x.example.com" } });
    expect(wrong.status).toBe(401);
    const { env } = await import("cloudflare:test");
    expect(await env.DB.prepare("SELECT count(*) AS n FROM stores WHERE name = ?").bind(name).first()).toEqual({ n: 0 });
  });

  it("authenticates merchant calls by secret key only", async () => {
    const keys = await createStore();
    expect((await request("/api/v1/store/settings")).status).toBe(401);
    expect((await request("/api/v1/store/settings", { key: keys.publishable_key })).status).toBe(401);
    expect((await request("/api/v1/store/settings", { key: "sk_forged" })).status).toBe(401);
    expect((await request("/api/v1/store/settings", { key: keys.secret_key })).status).toBe(200);
  });

  it("signs the dashboard in with an HttpOnly SameSite=Strict cookie", async () => {
    const keys = await createStore();
    const bad = await request("/api/v1/session", { method: "POST", json: { secret_key: "sk_wrong" } });
    expect(bad.status).toBe(401);
    const ok = await request("/api/v1/session", { method: "POST", json: { secret_key: keys.secret_key } });
    expect(ok.status).toBe(204);
    const cookie = ok.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(keys.secret_key);
    const session = cookie.split(";")[0] as string;
    const settings = await request("/api/v1/store/settings", { headers: { cookie: session } });
    expect(settings.status).toBe(200);
    const other = await createStore();
    const forged = session.replace(keys.id, other.id);
    expect((await request("/api/v1/store/settings", { headers: { cookie: forged } })).status).toBe(401);
    const [name, value] = session.split("=") as [string, string];
    const signature = value.split(".")[2] as string;
    const flipped = signature.slice(0, 10) + (signature[10] === "A" ? "B" : "A") + signature.slice(11);
    const tampered = `${name}=${value.replace(signature, flipped)}`;
    expect((await request("/api/v1/store/settings", { headers: { cookie: tampered } })).status).toBe(401);
  });
});

describe("settings", () => {
  it("merges partial updates and keeps the rest", async () => {
    const keys = await createStore();
    const updated = await patchSettings(keys.secret_key, { popup: { delay_seconds: 5 }, consent_mode: "all" });
    expect(updated.popup.delay_seconds).toBe(5);
    expect(updated.popup.title).toBe("Your cart is waiting");
    expect(updated.consent_mode).toBe("all");
    const reread = await json(request("/api/v1/store/settings", { key: keys.secret_key }));
    expect(reread.popup.delay_seconds).toBe(5);
    expect(reread.frequency_cap).toEqual({ max_emails: 1, per_hours: 24 });
  });

  it("never returns write-only secrets", async () => {
    const keys = await createStore();
    const updated = await patchSettings(keys.secret_key, { klaviyo: { api_key: "pk_live_klaviyo_1a2b" }, ga4: { api_secret: "ga-secret-9z8y", measurement_id: "G-TEST123" } });
    expect(updated.klaviyo.api_key).toEqual({ configured: true, last4: "1a2b" });
    expect(updated.ga4.api_secret).toEqual({ configured: true, last4: "9z8y" });
    const reread = await request("/api/v1/store/settings", { key: keys.secret_key });
    const text = await reread.text();
    expect(text).not.toContain("pk_live_klaviyo_1a2b");
    expect(text).not.toContain("ga-secret-9z8y");
    const { env } = await import("cloudflare:test");
    const row = await env.DB.prepare("SELECT settings FROM stores WHERE id = ?").bind(keys.id).first<{ settings: string }>();
    expect(row?.settings).not.toContain("pk_live_klaviyo_1a2b");
    const cleared = await patchSettings(keys.secret_key, { klaviyo: { api_key: null } });
    expect(cleared.klaviyo.api_key).toEqual({ configured: false, last4: null });
  });
});

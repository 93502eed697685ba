import { describe, expect, it } from "vitest";
import { createStore, json, patchSettings, request } from "./helpers/api";
import { configureKlaviyo, klaviyoAccount, klaviyoRequests, seedKlaviyoFlows } from "./helpers/klaviyo";

const FLOWS = "/api/v1/integrations/klaviyo/flows";

/** A store connected to its own fake Klaviyo account. */
async function connectedStore() {
  const apiKey = await klaviyoAccount();
  const store = await createStore();
  await patchSettings(store.secret_key, { klaviyo: { api_key: apiKey } });
  return { apiKey, store };
}

describe("GET /api/v1/integrations/klaviyo/flows", () => {
  it("lists the account's flows across Klaviyo's pages, by name, without the archived ones", async () => {
    const { apiKey, store } = await connectedStore();
    const names = Array.from({ length: 60 }, (_, i) => `Flow ${String(i).padStart(2, "0")}`);
    const ids = await seedKlaviyoFlows(apiKey, [
      ...names.map((name, i) => ({ name, status: i === 0 ? ("draft" as const) : ("live" as const), trigger_type: i === 1 ? "Added to List" : "Metric" })),
      { name: "Flow 99 (old)", archived: true },
    ]);

    const response = await request(FLOWS, { key: store.secret_key });
    expect(response.status).toBe(200);
    const body = await response.json<any>();
    expect(body.more).toBe(false);
    expect(body.data.map((flow: any) => flow.name)).toEqual(names);
    expect(body.data[0]).toEqual({ id: ids[0], name: "Flow 00", status: "draft", trigger_type: "Metric" });
    expect(body.data[1]).toMatchObject({ id: ids[1], status: "live", trigger_type: "Added to List" });

    const calls = (await klaviyoRequests(apiKey)).filter((call) => call.path === "/api/flows");
    expect(calls).toHaveLength(2);
    expect(calls[1]!.query["page[cursor]"]).toBeTruthy();
    for (const call of calls) {
      expect(call).toMatchObject({ status: 200, authorization: `Klaviyo-API-Key ${apiKey}`, revision: "2026-10-15" });
      expect(call.query.filter).toBe("equals(archived,false)");
    }
  });

  it("says there are more flows when the account has over 150", async () => {
    const { apiKey, store } = await connectedStore();
    await seedKlaviyoFlows(apiKey, Array.from({ length: 151 }, (_, i) => ({ name: `Flow ${String(i).padStart(3, "0")}` })));
    const body = await json(request(FLOWS, { key: store.secret_key }));
    expect(body.data).toHaveLength(150);
    expect(body.more).toBe(true);
  });

  it("answers 409 naming the setting when the store has no Klaviyo key", async () => {
    const store = await createStore();
    const response = await request(FLOWS, { key: store.secret_key });
    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect((await response.json<any>()).detail).toContain("klaviyo.api_key");
  });

  it("a key Klaviyo refuses is a 502 with Klaviyo's answer and never the key", async () => {
    const store = await createStore();
    const badKey = `pk_unknown_${crypto.randomUUID().replaceAll("-", "")}`;
    await patchSettings(store.secret_key, { klaviyo: { api_key: badKey } });
    const response = await request(FLOWS, { key: store.secret_key });
    expect(response.status).toBe(502);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const text = await response.text();
    expect(text).not.toContain(badKey);
    expect(text).not.toContain(badKey.slice(4));
    const problem = JSON.parse(text);
    expect(problem.detail).toMatch(/Klaviyo refused the store's API key.*Klaviyo 401 not_authenticated Missing or invalid private key/);
    // It did ask Klaviyo, with the key, and Klaviyo said no.
    expect((await klaviyoRequests(badKey)).map((call) => [call.path, call.status])).toEqual([["/api/flows", 401]]);
  });

  it("Klaviyo failing is a 502 with its status", async () => {
    const { apiKey, store } = await connectedStore();
    await configureKlaviyo(apiKey, { failStatus: 503 });
    const response = await request(FLOWS, { key: store.secret_key });
    expect(response.status).toBe(502);
    expect((await response.json<any>()).detail).toMatch(/Klaviyo did not list the flows: Klaviyo 503/);
  });

  it("Klaviyo throttling the account is a 429 with Klaviyo's Retry-After", async () => {
    const { apiKey, store } = await connectedStore();
    await seedKlaviyoFlows(apiKey, Array.from({ length: 51 }, (_, i) => ({ name: `Flow ${i}` })));
    await configureKlaviyo(apiKey, { rateLimit: { burst: 1, steady: 1 } });
    const response = await request(FLOWS, { key: store.secret_key });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await klaviyoRequests(apiKey)).map((call) => call.status)).toEqual([200, 429]);
  });

  it("needs the store's key, and lists only the caller's own account's flows", async () => {
    expect((await request(FLOWS)).status).toBe(401);
    expect((await request(FLOWS, { key: "sk_forged" })).status).toBe(401);
    const a = await connectedStore();
    const b = await connectedStore();
    await seedKlaviyoFlows(a.apiKey, [{ name: "A's abandoned cart" }]);
    await seedKlaviyoFlows(b.apiKey, [{ name: "B's welcome series" }]);
    const seenByB = await json(request(FLOWS, { key: b.store.secret_key }));
    expect(seenByB.data.map((flow: any) => flow.name)).toEqual(["B's welcome series"]);
    expect((await klaviyoRequests(a.apiKey)).filter((call) => call.path === "/api/flows")).toHaveLength(0);
  });
});

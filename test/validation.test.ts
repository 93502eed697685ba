import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, cartPayload, createStore, json, request } from "./helpers/api";

async function expectProblem(response: Response, status: number, field?: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const problem = await response.json<any>();
  expect(problem).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  if (field) expect(problem.errors.map((e: any) => e.field)).toContain(field);
  return problem;
}

async function sequenceCount(storeId: string) {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM sequences WHERE store_id = ?").bind(storeId).first<{ n: number }>();
  return row?.n;
}

describe("bad input", () => {
  it("names the field of an invalid cart and stores nothing", async () => {
    const store = await createStore();
    const cases: [Record<string, unknown>, string][] = [
      [{ cart_token: "" }, "cart_token"],
      [{ currency: "dollars" }, "currency"],
      [{ total_price: "-5" }, "total_price"],
      [{ checkout_url: "javascript:alert(1)" }, "checkout_url"],
      [{ email: "not-an-email" }, "email"],
      [{ items: [{ id: "a", title: "T", price: "1.00", quantity: 0 }] }, "items.0.quantity"],
      [{ items: [{ id: "a", title: "T", price: "abc", quantity: 1 }] }, "items.0.price"],
      [{ updated_at: "yesterday" }, "updated_at"],
      [{ surprise: true }, "surprise"],
    ];
    for (const [override, field] of cases) {
      const response = await request("/api/v1/carts", { method: "POST", key: store.secret_key, json: cartPayload(override) });
      await expectProblem(response, 422, field);
    }
    expect(await sequenceCount(store.id)).toBe(0);
  });

  it("answers 415 to malformed JSON and 413 to a body over 1 MB", async () => {
    const store = await createStore();
    const malformed = await request("/api/v1/carts", {
      method: "POST",
      key: store.secret_key,
      headers: { "content-type": "application/json" },
      body: "{ not json",
    });
    await expectProblem(malformed, 415);
    const huge = cartPayload({ items: [{ id: "x", title: "x".repeat(1_100_000), price: "1", quantity: 1 }] });
    const tooLarge = await request("/api/v1/carts", { method: "POST", key: store.secret_key, json: huge });
    await expectProblem(tooLarge, 413);
    expect(await sequenceCount(store.id)).toBe(0);
  });

  it("rejects unknown and invalid settings keys without changing anything", async () => {
    const store = await createStore();
    const before = await json(request("/api/v1/store/settings", { key: store.secret_key }));
    const cases: [Record<string, unknown>, string][] = [
      [{ colour: "red" }, "colour"],
      [{ popup: { sparkle: true } }, "popup.sparkle"],
      [{ timezone: "Mars/Olympus" }, "timezone"],
      [{ steps: [{ id: "a", channel: "sms", delay_seconds: 5 }] }, "steps.0.channel"],
      [{ steps: [{ id: "a", channel: "email", delay_seconds: 0 }] }, "steps.0.delay_seconds"],
      [{ steps: [{ id: "a", channel: "email", delay_seconds: 5 }, { id: "a", channel: "email", delay_seconds: 6 }] }, "steps.1.id"],
      [{ quiet_hours: { start: "25:00", end: "08:00" } }, "quiet_hours.start"],
      [{ frequency_cap: { max_emails: 0 } }, "frequency_cap.max_emails"],
      [{ ga4: { measurement_id: "UA-123" } }, "ga4.measurement_id"],
    ];
    for (const [patch, field] of cases) {
      const response = await request("/api/v1/store/settings", { method: "PATCH", key: store.secret_key, json: patch });
      await expectProblem(response, 422, field);
    }
    const after = await json(request("/api/v1/store/settings", { key: store.secret_key }));
    expect(after).toEqual(before);
  });

  it("validates store creation, stop reasons, list filters and orders", async () => {
    const store = await createStore();
    await expectProblem(
      await request("/api/v1/stores", { method: "POST", key: ADMIN_TOKEN, json: { name: "x", domain: "not a domain", from_email: "a@b.co" } }),
      422,
      "domain",
    );
    await expectProblem(await request("/api/v1/recovery/sequences?status=lost", { key: store.secret_key }), 422, "status");
    await expectProblem(await request("/api/v1/recovery/sequences?limit=0", { key: store.secret_key }), 422, "limit");
    await expectProblem(
      await request("/api/v1/orders", { method: "POST", key: store.secret_key, json: { order_id: "", total_price: 1, currency: "USD" } }),
      422,
      "order_id",
    );
    await expectProblem(await request("/api/v1/recovery/analytics?from=2026-02-01&to=2026-01-01", { key: store.secret_key }), 422, "from");
    await expectProblem(await request("/api/v1/recovery/sequences/seq_nope/stop", { method: "POST", key: store.secret_key, json: {} }), 422, "reason");
  });

  it("answers 404 problem+json for unknown ids and API paths", async () => {
    const store = await createStore();
    await expectProblem(await request("/api/v1/recovery/sequences/seq_unknown", { key: store.secret_key }), 404);
    await expectProblem(await request("/api/v1/recovery/sequences/seq_unknown/stop", { method: "POST", key: store.secret_key, json: { reason: "x" } }), 404);
    await expectProblem(await request("/api/v1/nothing-here", { key: store.secret_key }), 404);
  });

  it("serves an OpenAPI document built from the same schemas", async () => {
    const doc = await json(request("/api/v1/openapi.json"));
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/carts", "/api/v1/orders", "/api/v1/recovery/sequences/{id}/stop", "/webhooks/shopify/{store_id}"]),
    );
    const cartBody = doc.paths["/api/v1/carts"].post.requestBody.content["application/json"].schema;
    expect(cartBody.required).toEqual(expect.arrayContaining(["cart_token", "currency", "total_price", "checkout_url", "items"]));
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { createFastStore, json, patchSettings, postCart, request } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { getSequence, runAlarm } from "./helpers/sequences";

let clock: ReturnType<typeof useFakeClock>;
afterEach(() => clock?.restore());

const widget = (path: string, pk: string, init: RequestInit & { json?: unknown } = {}) => request(`${path}?key=${pk}`, init);

describe("widget API", () => {
  it("offers the popup once its step is due, and a shown popup counts as a touch for attribution", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { payload, sequence } = await postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString() });
    const session = { visitor_id: "v-1", cart_token: payload.cart_token, ga_client_id: "123.456" };

    const early = await json(widget("/api/v1/widget/session", store.publishable_key, { method: "POST", json: session }));
    expect(early.popup).toBeNull();

    clock.at(1000);
    await runAlarm(store.id, payload.cart_token);
    const offer = await json(widget("/api/v1/widget/session", store.publishable_key, { method: "POST", json: session }));
    expect(offer.popup).toMatchObject({
      sequence_id: sequence.id,
      total_price: "59.90",
      currency: "USD",
      checkout_url: payload.checkout_url,
      delay_seconds: 30,
      copy: { cta: "Complete purchase", dismiss_label: "Maybe later" },
    });
    expect(offer.popup.items).toHaveLength(2);

    const beacon = await widget("/api/v1/widget/events", store.publishable_key, {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8" },
      body: JSON.stringify({ visitor_id: "v-1", sequence_id: sequence.id, event: "shown" }),
    });
    expect(beacon.status).toBe(202);

    const outcome = await json(
      request("/api/v1/orders", { method: "POST", key: store.secret_key, json: { order_id: "W-1", cart_token: payload.cart_token, total_price: "59.90", currency: "USD" } }),
    );
    expect(outcome.recovered).toBe(true);
    const stats = await json(request("/api/v1/recovery/analytics", { key: store.secret_key }));
    expect(stats.popup.shown).toBe(1);
    expect(stats.by_step.find((s: any) => s.step === "popup_1h")).toMatchObject({ sent: 1, recovered: 1 });
    const current = await getSequence(store.secret_key, sequence.id);
    expect(current.timeline.map((e: any) => e.type)).toContain("popup_shown");
  });

  it("keeps a cart's popup and events to the visitor it belongs to", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { payload, sequence } = await postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString() });
    clock.at(1000);
    await runAlarm(store.id, payload.cart_token);
    const mine = await json(widget("/api/v1/widget/session", store.publishable_key, { method: "POST", json: { visitor_id: "owner", cart_token: payload.cart_token } }));
    expect(mine.popup?.sequence_id).toBe(sequence.id);
    const theirs = await json(widget("/api/v1/widget/session", store.publishable_key, { method: "POST", json: { visitor_id: "stranger", cart_token: payload.cart_token } }));
    expect(theirs.popup).toBeNull();
    const forged = await widget("/api/v1/widget/events", store.publishable_key, {
      method: "POST",
      body: JSON.stringify({ visitor_id: "stranger", sequence_id: sequence.id, event: "shown" }),
    });
    expect(forged.status).toBe(404);
    const current = await getSequence(store.secret_key, sequence.id);
    expect(current.timeline.map((e: any) => e.type)).not.toContain("popup_shown");
  });

  it("still offers a popup that was the plan's last step", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    await patchSettings(store.secret_key, { steps: [{ id: "popup_only", channel: "popup", delay_seconds: 1 }] });
    const { payload, sequence } = await postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString() });
    clock.at(1000);
    await runAlarm(store.id, payload.cart_token);
    expect((await getSequence(store.secret_key, sequence.id)).status).toBe("completed");
    const offer = await json(widget("/api/v1/widget/session", store.publishable_key, { method: "POST", json: { visitor_id: "v", cart_token: payload.cart_token } }));
    expect(offer.popup?.sequence_id).toBe(sequence.id);
  });

  it("answers CORS only for the store's domains", async () => {
    const store = await createFastStore();
    const settings = await json(request("/api/v1/store/settings", { key: store.secret_key }));
    const domain = settings.domains[0];
    const preflight = await widget("/api/v1/widget/session", store.publishable_key, {
      method: "OPTIONS",
      headers: { origin: `https://${domain}`, "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(`https://${domain}`);
    const foreign = await widget("/api/v1/widget/session", store.publishable_key, {
      method: "POST",
      headers: { origin: "https://evil.example.net" },
      json: { visitor_id: "v" },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("rejects bad keys and bad events", async () => {
    const store = await createFastStore();
    expect((await widget("/api/v1/widget/session", store.secret_key, { method: "POST", json: { visitor_id: "v" } })).status).toBe(401);
    const bad = await widget("/api/v1/widget/events", store.publishable_key, { method: "POST", body: JSON.stringify({ visitor_id: "v", sequence_id: "s", event: "exploded" }) });
    expect(bad.status).toBe(422);
    const unknown = await widget("/api/v1/widget/events", store.publishable_key, { method: "POST", body: JSON.stringify({ visitor_id: "v", sequence_id: "seq_x", event: "shown" }) });
    expect(unknown.status).toBe(404);
    const garbage = await widget("/api/v1/widget/events", store.publishable_key, { method: "POST", body: "{" });
    expect(garbage.status).toBe(415);
  });
});

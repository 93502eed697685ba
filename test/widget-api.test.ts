import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { createFastStore, json, patchSettings, postCart, request } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { getSequence, runAlarm } from "./helpers/sequences";
import { sendShopifyWebhook, shopifyCheckout } from "./helpers/shopify";

let clock: ReturnType<typeof useFakeClock>;
afterEach(() => clock?.restore());

const widget = (path: string, pk: string, init: RequestInit & { json?: unknown } = {}) => request(`${path}?key=${pk}`, init);

type Visitor = { visitor_id: string; visitor_token: string };

const session = async (pk: string, body: Record<string, unknown>) => {
  const response = await widget("/api/v1/widget/session", pk, { method: "POST", json: body });
  expect(response.status).toBe(200);
  const text = await response.text();
  return { text, ...(JSON.parse(text) as any) };
};

/** A first visit: the Worker mints the visitor the widget then keeps. */
async function newVisitor(pk: string, cartToken?: string): Promise<Visitor> {
  const { visitor_id, visitor_token } = await session(pk, { visitor_id: "fresh", ...(cartToken ? { cart_token: cartToken } : {}) });
  return { visitor_id, visitor_token };
}

/** Popup events as navigator.sendBeacon sends them: text/plain JSON. */
const beacon = (pk: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  widget("/api/v1/widget/events", pk, { method: "POST", headers: { "content-type": "text/plain;charset=UTF-8", ...headers }, body: JSON.stringify(body) });

const order = (sk: string, cartToken: string) =>
  json(request("/api/v1/orders", { method: "POST", key: sk, json: { order_id: `W-${crypto.randomUUID()}`, cart_token: cartToken, total_price: "59.90", currency: "USD" } }));

const timelineTypes = async (sk: string, sequenceId: string) => (await getSequence(sk, sequenceId)).timeline.map((e: any) => e.type);

const cartRow = (storeId: string, token: string) =>
  env.DB.prepare("SELECT visitor_id FROM carts WHERE store_id = ? AND cart_token = ?").bind(storeId, token).first<{ visitor_id: string | null }>();

describe("widget API", () => {
  it("mints a signed visitor instead of taking the caller's id, and keeps a signed one", async () => {
    const store = await createFastStore();
    const first = await session(store.publishable_key, { visitor_id: "v-chosen-by-caller" });
    expect(first.popup).toBeNull();
    expect(first.visitor_id).toMatch(/^v_/);
    expect(first.visitor_token.startsWith(`${first.visitor_id}.`)).toBe(true);
    const again = await session(store.publishable_key, { visitor_id: first.visitor_id, visitor_token: first.visitor_token });
    expect(again).toMatchObject({ visitor_id: first.visitor_id, visitor_token: first.visitor_token });
    const forged = await session(store.publishable_key, { visitor_id: first.visitor_id, visitor_token: `${first.visitor_id}.AAAA` });
    expect(forged.visitor_id).not.toBe(first.visitor_id);
    const otherStore = await createFastStore();
    const foreign = await session(otherStore.publishable_key, { visitor_id: first.visitor_id, visitor_token: first.visitor_token });
    expect(foreign.visitor_id).not.toBe(first.visitor_id);
  });

  it("offers the popup to the visitor the cart was ingested with, and a shown popup counts once as a touch for attribution", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const visitor = await newVisitor(store.publishable_key);
    const { payload, sequence } = await postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString(), visitor_id: visitor.visitor_id });
    const mine = { ...visitor, cart_token: payload.cart_token, ga_client_id: "123.456" };

    expect((await session(store.publishable_key, mine)).popup).toBeNull();

    clock.at(1000);
    await runAlarm(store.id, payload.cart_token);
    const offer = await session(store.publishable_key, mine);
    expect(offer.popup).toMatchObject({
      sequence_id: sequence.id,
      total_price: "59.90",
      currency: "USD",
      checkout_url: payload.checkout_url,
      delay_seconds: 30,
      exit_intent: false,
      copy: { cta: "Complete purchase", dismiss_label: "Maybe later" },
    });
    expect(offer.popup.items).toHaveLength(2);
    // The widget finds its cart without naming the token too.
    expect((await session(store.publishable_key, visitor)).popup?.sequence_id).toBe(sequence.id);

    for (let i = 0; i < 3; i++) {
      expect((await beacon(store.publishable_key, { ...visitor, sequence_id: sequence.id, event: "shown" })).status).toBe(202);
    }
    expect((await beacon(store.publishable_key, { ...visitor, sequence_id: sequence.id, event: "clicked" })).status).toBe(202);
    expect((await beacon(store.publishable_key, { ...visitor, sequence_id: sequence.id, event: "clicked" })).status).toBe(202);

    expect((await order(store.secret_key, payload.cart_token)).recovered).toBe(true);
    const stats = await json(request("/api/v1/recovery/analytics", { key: store.secret_key }));
    expect(stats.popup).toMatchObject({ shown: 1, clicked: 1 });
    expect(stats.by_step.find((s: any) => s.step === "popup_1h")).toMatchObject({ sent: 1, recovered: 1 });
    const types = await timelineTypes(store.secret_key, sequence.id);
    expect(types.filter((t: string) => t === "popup_shown")).toHaveLength(1);
    expect(types.filter((t: string) => t === "popup_clicked")).toHaveLength(1);
  });

  it("never hands a cart ingested without a visitor to whoever names its token first, and a forged shown does not make its order recovered", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { payload, sequence } = await postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString() });
    clock.at(1000);
    await runAlarm(store.id, payload.cart_token);

    const stranger = await session(store.publishable_key, { visitor_id: "stranger", cart_token: payload.cart_token });
    expect(stranger.popup).toBeNull();
    expect(stranger.text).not.toContain(payload.checkout_url);
    expect(stranger.text).not.toContain("Linen shirt");
    const signed = { visitor_id: stranger.visitor_id, visitor_token: stranger.visitor_token };
    expect((await session(store.publishable_key, { ...signed, cart_token: payload.cart_token })).popup).toBeNull();
    expect((await cartRow(store.id, payload.cart_token))?.visitor_id).toBeNull();

    const forged = await beacon(store.publishable_key, { visitor_id: "stranger", sequence_id: sequence.id, event: "shown" });
    expect(forged.status).toBe(401);
    expect(forged.headers.get("content-type")).toBe("application/problem+json");
    expect((await forged.json<any>()).detail).toContain("visitor_token");
    expect((await beacon(store.publishable_key, { ...signed, sequence_id: sequence.id, event: "shown" })).status).toBe(404);

    expect((await order(store.secret_key, payload.cart_token)).recovered).toBe(false);
    const stats = await json(request("/api/v1/recovery/analytics", { key: store.secret_key }));
    expect(stats.popup.shown).toBe(0);
    expect(await timelineTypes(store.secret_key, sequence.id)).not.toContain("popup_shown");
  });

  it("keeps a cart's popup and events to the visitor it belongs to: signed, or by the unsigned visitor_id the merchant ingested it with (SPEC §5)", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const owner = await newVisitor(store.publishable_key);
    const { payload, sequence } = await postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString(), visitor_id: owner.visitor_id });
    clock.at(1000);
    await runAlarm(store.id, payload.cart_token);
    expect((await session(store.publishable_key, { ...owner, cart_token: payload.cart_token })).popup?.sequence_id).toBe(sequence.id);

    const unsigned = await session(store.publishable_key, { visitor_id: owner.visitor_id, cart_token: payload.cart_token });
    expect(unsigned.popup?.sequence_id).toBe(sequence.id);
    expect(unsigned.visitor_id).toBe(owner.visitor_id);
    const guess = await session(store.publishable_key, { visitor_id: "v_guess", cart_token: payload.cart_token });
    expect(guess.popup).toBeNull();
    expect(guess.text).not.toContain(payload.checkout_url);
    const other = await newVisitor(store.publishable_key);
    expect((await session(store.publishable_key, { ...other, cart_token: payload.cart_token })).popup).toBeNull();

    expect((await beacon(store.publishable_key, { visitor_id: "v_guess", sequence_id: sequence.id, event: "shown" })).status).toBe(401);
    expect((await beacon(store.publishable_key, { ...other, sequence_id: sequence.id, event: "shown" })).status).toBe(404);
    expect(await timelineTypes(store.secret_key, sequence.id)).not.toContain("popup_shown");
    expect((await beacon(store.publishable_key, { visitor_id: owner.visitor_id, sequence_id: sequence.id, event: "shown" })).status).toBeLessThan(300);
    expect(await timelineTypes(store.secret_key, sequence.id)).toContain("popup_shown");
  });

  it("gives a Shopify checkout's popup to the visitor who reported its cart cookie before the checkout existed, and to no later claimant", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const checkout = shopifyCheckout({ updated_at: new Date(clock.start).toISOString() });
    const shopper = await newVisitor(store.publishable_key, checkout.cart_token);
    const early = await newVisitor(store.publishable_key, checkout.cart_token);

    const webhook = await sendShopifyWebhook(store.id, store.webhook_secret, "checkouts/create", checkout);
    expect(webhook.status).toBe(200);
    const late = await newVisitor(store.publishable_key, checkout.cart_token);
    clock.at(1000);
    await runAlarm(store.id, checkout.token);

    for (const intruder of [early, late]) {
      for (const token of [checkout.cart_token, checkout.token]) {
        const answer = await session(store.publishable_key, { ...intruder, cart_token: token });
        expect(answer.popup).toBeNull();
        expect(answer.text).not.toContain("checkouts/abc");
      }
    }
    const offer = await session(store.publishable_key, { ...shopper, cart_token: checkout.cart_token });
    expect(offer.popup).toMatchObject({ checkout_url: checkout.abandoned_checkout_url, currency: "CAD" });
    expect((await cartRow(store.id, checkout.token))?.visitor_id).toBe(shopper.visitor_id);

    // A later checkout update (which knows no visitor) leaves the cart bound to its shopper.
    clock.at(2000);
    await sendShopifyWebhook(store.id, store.webhook_secret, "checkouts/update", { ...checkout, updated_at: new Date(clock.start + 2000).toISOString() });
    expect((await beacon(store.publishable_key, { ...shopper, sequence_id: offer.popup.sequence_id, event: "shown" })).status).toBe(202);
    expect(await timelineTypes(store.secret_key, offer.popup.sequence_id)).toContain("popup_shown");
  });

  it("remembers a dismissal with the cart: every later session of its visitor gets no popup for the store's dismiss_hours, then it comes back", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    await patchSettings(store.secret_key, { popup: { dismiss_hours: 2 } });
    const visitor = await newVisitor(store.publishable_key);
    const { payload, sequence } = await postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString(), visitor_id: visitor.visitor_id });
    clock.at(1000);
    await runAlarm(store.id, payload.cart_token);
    expect((await session(store.publishable_key, visitor)).popup?.sequence_id).toBe(sequence.id);

    clock.at(5000);
    for (let i = 0; i < 2; i++) {
      expect((await beacon(store.publishable_key, { ...visitor, sequence_id: sequence.id, event: "dismissed" })).status).toBe(202);
    }
    // Another tab (fresh storage, the same signed visitor) and another device that reports the cart's token.
    const otherTab = await session(store.publishable_key, visitor);
    expect(otherTab.popup).toBeNull();
    expect(otherTab.text).not.toContain(payload.checkout_url);
    expect((await session(store.publishable_key, { ...visitor, cart_token: payload.cart_token })).popup).toBeNull();

    clock.at(5000 + 2 * 3_600_000 - 1000);
    expect((await session(store.publishable_key, { ...visitor, cart_token: payload.cart_token })).popup).toBeNull();
    clock.at(5000 + 2 * 3_600_000);
    expect((await session(store.publishable_key, { ...visitor, cart_token: payload.cart_token })).popup?.sequence_id).toBe(sequence.id);

    // A second dismissal snoozes it again, yet the timeline counts the visitor's dismissal once.
    expect((await beacon(store.publishable_key, { ...visitor, sequence_id: sequence.id, event: "dismissed" })).status).toBe(202);
    expect((await session(store.publishable_key, visitor)).popup).toBeNull();
    expect((await timelineTypes(store.secret_key, sequence.id)).filter((t: string) => t === "popup_dismissed")).toHaveLength(1);
  });

  it("still offers a popup that was the plan's last step", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    await patchSettings(store.secret_key, { steps: [{ id: "popup_only", channel: "popup", delay_seconds: 1 }] });
    const visitor = await newVisitor(store.publishable_key);
    const { payload, sequence } = await postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString(), visitor_id: visitor.visitor_id });
    clock.at(1000);
    await runAlarm(store.id, payload.cart_token);
    expect((await getSequence(store.secret_key, sequence.id)).status).toBe("completed");
    const offer = await session(store.publishable_key, { ...visitor, cart_token: payload.cart_token });
    expect(offer.popup?.sequence_id).toBe(sequence.id);
  });

  it("rate-limits each visitor to 30 widget calls a minute (429 problem+json with Retry-After), then lets it back", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const visitor = await newVisitor(store.publishable_key);
    const statuses: number[] = [];
    for (let i = 0; i < 29; i++) {
      statuses.push((await widget("/api/v1/widget/session", store.publishable_key, { method: "POST", json: visitor })).status);
    }
    statuses.push((await beacon(store.publishable_key, { ...visitor, sequence_id: "seq_none", event: "shown" })).status);
    expect(statuses).toEqual([...Array(29).fill(200), 404]);

    const refused = await widget("/api/v1/widget/session", store.publishable_key, { method: "POST", json: visitor });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(await refused.json()).toMatchObject({ status: 429, title: "Too many requests" });
    expect((await beacon(store.publishable_key, { ...visitor, sequence_id: "seq_none", event: "shown" })).status).toBe(429);

    const other = await newVisitor(store.publishable_key);
    expect((await widget("/api/v1/widget/session", store.publishable_key, { method: "POST", json: other })).status).toBe(200);

    clock.at(61_000);
    expect((await widget("/api/v1/widget/session", store.publishable_key, { method: "POST", json: visitor })).status).toBe(200);
  }, 30_000);

  it("rate-limits each address to 300 widget calls a minute, signed or not, per store", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const from = { "cf-connecting-ip": "203.0.113.7" };
    const statuses = new Map<number, number>();
    for (let i = 0; i < 301; i++) {
      const status = (await beacon(store.publishable_key, { visitor_id: `v-${i}`, sequence_id: "seq_none", event: "shown" }, from)).status;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 401: 300, 429: 1 });
    expect((await beacon(store.publishable_key, { visitor_id: "v", sequence_id: "seq_none", event: "shown" }, { "cf-connecting-ip": "203.0.113.8" })).status).toBe(401);
    const otherStore = await createFastStore();
    expect((await beacon(otherStore.publishable_key, { visitor_id: "v", sequence_id: "seq_none", event: "shown" }, from)).status).toBe(401);
  }, 60_000);

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
    const visitor = await newVisitor(store.publishable_key);
    expect((await widget("/api/v1/widget/session", store.secret_key, { method: "POST", json: { visitor_id: "v" } })).status).toBe(401);
    expect((await beacon(store.publishable_key, { ...visitor, sequence_id: "s", event: "exploded" })).status).toBe(422);
    expect((await beacon(store.publishable_key, { ...visitor, sequence_id: "seq_x", event: "shown" })).status).toBe(404);
    expect((await beacon(store.publishable_key, { visitor_id: "v", sequence_id: "seq_x", event: "shown" })).status).toBe(401);
    const garbage = await widget("/api/v1/widget/events", store.publishable_key, { method: "POST", body: "{" });
    expect(garbage.status).toBe(415);
  });
});

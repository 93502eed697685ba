import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { wilsonInterval } from "../worker/domain/popup-test-results";
import { assignVariant, popupTestId, type PopupVariant } from "../worker/domain/popup-variants";
import { createFastStore, json, patchSettings, postCart, request, type StoreKeys } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { ga4Received, newGa4Property } from "./helpers/ga4";
import { eventually, runAlarm } from "./helpers/sequences";

let clock: ReturnType<typeof useFakeClock> | undefined;
afterEach(() => {
  clock?.restore();
  clock = undefined;
});

const VARIANTS: PopupVariant[] = [
  { id: "soon", weight: 1, delay_seconds: 5, title: "Back so soon?", cta: "Finish my order" },
  { id: "exit", weight: 1, exit_intent: true, title: "Before you go", body: "Your cart is saved for 24 hours." },
];

const widget = (path: string, pk: string, init: RequestInit & { json?: unknown } = {}) => request(`${path}?key=${pk}`, init);

async function session(pk: string, body: Record<string, unknown>) {
  const response = await widget("/api/v1/widget/session", pk, { method: "POST", json: body });
  expect(response.status).toBe(200);
  return response.json<any>();
}

const beacon = (pk: string, body: Record<string, unknown>) =>
  widget("/api/v1/widget/events", pk, { method: "POST", headers: { "content-type": "text/plain;charset=UTF-8" }, body: JSON.stringify(body) });

const analytics = (sk: string) => json(request("/api/v1/recovery/analytics", { key: sk }));

const order = (sk: string, cartToken: string, total: string, orderId = `AB-${crypto.randomUUID()}`) =>
  json(request("/api/v1/orders", { method: "POST", key: sk, json: { order_id: orderId, cart_token: cartToken, total_price: total, currency: "USD" } }));

/** A visitor the Worker minted, with a cart ingested for them whose popup step has come due. */
async function visitorWithOffer(store: StoreKeys, total = "59.90") {
  const { visitor_id, visitor_token } = await session(store.publishable_key, { visitor_id: "fresh" });
  const { payload, sequence } = await postCart(store.secret_key, { updated_at: new Date(Date.now() - 1_500).toISOString(), visitor_id, total_price: total });
  await runAlarm(store.id, payload.cart_token);
  const visitor = { visitor_id, visitor_token };
  const offer = (await session(store.publishable_key, { ...visitor, cart_token: payload.cart_token })).popup;
  expect(offer?.sequence_id).toBe(sequence.id);
  return { visitor, cartToken: payload.cart_token as string, sequenceId: sequence.id as string, offer };
}

async function storeWithTest(extra: Record<string, unknown> = {}) {
  const store = await createFastStore();
  await patchSettings(store.secret_key, { popup: { variants: VARIANTS }, ...extra });
  return store;
}

const eventRows = (sequenceId: string) =>
  env.DB.prepare("SELECT type, popup_test, popup_variant FROM timeline_events WHERE sequence_id = ? AND type IN ('popup_shown', 'popup_clicked', 'popup_dismissed') ORDER BY id")
    .bind(sequenceId)
    .all<{ type: string; popup_test: string | null; popup_variant: string | null }>()
    .then((r) => r.results);

describe("popup A/B test settings", () => {
  it("refuse a bad variant list with 422 naming the field, and store nothing", async () => {
    const store = await createFastStore();
    const cases: [unknown, string][] = [
      [[VARIANTS[0], { ...VARIANTS[1], id: "soon" }], "popup.variants.1.id"],
      [[{ id: "a", weight: 0 }], "popup.variants.0.weight"],
      [[{ id: "a", weight: 2.5 }], "popup.variants.0.weight"],
      [[{ id: "a b", weight: 1 }], "popup.variants.0.id"],
      [[{ id: "a".repeat(33), weight: 1 }], "popup.variants.0.id"],
      [[{ id: "a", weight: 1, title: "Two\nlines" }], "popup.variants.0.title"],
      [[{ id: "a", weight: 1, body: "Bell\u0007" }], "popup.variants.0.body"],
      [[{ id: "a", weight: 1, cta: "x".repeat(61) }], "popup.variants.0.cta"],
      [[{ id: "a", weight: 1, delay_seconds: -1 }], "popup.variants.0.delay_seconds"],
      [[{ id: "a", weight: 1, colour: "red" }], "popup.variants.0.colour"],
      [["a", "b", "c", "d", "e"].map((id) => ({ id, weight: 1 })), "popup.variants"],
    ];
    for (const [variants, field] of cases) {
      const response = await request("/api/v1/store/settings", { method: "PATCH", key: store.secret_key, json: { popup: { variants, title: "Changed" } } });
      expect(response.status, field).toBe(422);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect((await response.json<any>()).errors.map((e: any) => e.field)).toContain(field);
    }
    const settings = await json(request("/api/v1/store/settings", { key: store.secret_key }));
    expect(settings.popup.variants).toEqual([]);
    expect(settings.popup.title).not.toBe("Changed");
    // A popup change that does not name the variants keeps them.
    await patchSettings(store.secret_key, { popup: { variants: VARIANTS } });
    expect((await patchSettings(store.secret_key, { popup: { title: "Hello" } })).popup.variants).toEqual(VARIANTS);
  });
});

describe("popup A/B test assignment", () => {
  it("gives a visitor the same variant on every visit and device the Worker ties to them, with that variant's timing and copy", async () => {
    clock = useFakeClock();
    const store = await storeWithTest();
    const { visitor, cartToken, offer } = await visitorWithOffer(store);
    const expected = assignVariant(store.id, popupTestId(VARIANTS)!, visitor.visitor_id, VARIANTS)!;
    expect(offer.variant).toBe(expected.id);
    if (expected.id === "soon") expect(offer).toMatchObject({ delay_seconds: 5, exit_intent: false, copy: { title: "Back so soon?", cta: "Finish my order", body: expect.any(String) } });
    else expect(offer).toMatchObject({ delay_seconds: 30, exit_intent: true, copy: { title: "Before you go", body: "Your cart is saved for 24 hours.", cta: "Complete purchase" } });

    for (let i = 0; i < 3; i++) expect((await session(store.publishable_key, { ...visitor, cart_token: cartToken })).popup.variant).toBe(expected.id);
    // Another device the merchant ingested the cart with the same visitor on (SPEC §5 unsigned id).
    expect((await session(store.publishable_key, { visitor_id: visitor.visitor_id, cart_token: cartToken })).popup.variant).toBe(expected.id);
  });

  it("splits many visitors between the variants by weight", async () => {
    clock = useFakeClock();
    const variants = [
      { id: "light", weight: 1 },
      { id: "heavy", weight: 3 },
    ];
    const store = await createFastStore();
    await patchSettings(store.secret_key, { popup: { variants } });
    const seen: string[] = [];
    for (let i = 0; i < 40; i++) seen.push((await visitorWithOffer(store)).offer.variant);
    const heavy = seen.filter((v) => v === "heavy").length;
    expect(seen.every((v) => v === "light" || v === "heavy")).toBe(true);
    // 30 expected; 40 draws at p = 0.75 fall within 20–38 with probability > 99.9 %.
    expect(heavy).toBeGreaterThanOrEqual(20);
    expect(heavy).toBeLessThanOrEqual(38);
  });
});

describe("popup A/B test events and results", () => {
  it("stores each event with the test and the variant shown; a variant that is no longer the visitor's counts for none", async () => {
    clock = useFakeClock();
    const store = await storeWithTest();
    const { visitor, sequenceId, offer } = await visitorWithOffer(store);
    const test = popupTestId(VARIANTS);
    const other = VARIANTS.find((v) => v.id !== offer.variant)!.id;
    expect((await beacon(store.publishable_key, { ...visitor, sequence_id: sequenceId, event: "shown", variant: offer.variant })).status).toBe(202);
    expect((await beacon(store.publishable_key, { ...visitor, sequence_id: sequenceId, event: "clicked", variant: other })).status).toBe(202);
    expect((await beacon(store.publishable_key, { ...visitor, sequence_id: sequenceId, event: "dismissed", variant: offer.variant })).status).toBe(202);
    expect(await eventRows(sequenceId)).toEqual([
      { type: "popup_shown", popup_test: test, popup_variant: offer.variant },
      { type: "popup_clicked", popup_test: null, popup_variant: null },
      { type: "popup_dismissed", popup_test: test, popup_variant: offer.variant },
    ]);
    const invalid = await beacon(store.publishable_key, { ...visitor, sequence_id: sequenceId, event: "shown", variant: "no such id!" });
    expect(invalid.status).toBe(422);
  });

  it("reports per variant what happened: shown, clicked, recovered carts and revenue net of refunds, rate and interval", async () => {
    clock = useFakeClock();
    const store = await storeWithTest();
    const truth = new Map(VARIANTS.map((v) => [v.id, { shown: 0, clicked: 0, recovered: 0, cents: 0 }]));
    const totals = ["10.00", "20.00", "30.00", "40.00", "50.00", "60.00", "70.00", "80.00"];
    for (const [i, total] of totals.entries()) {
      const { visitor, sequenceId, cartToken, offer } = await visitorWithOffer(store, total);
      const t = truth.get(offer.variant)!;
      const report = (event: string) => beacon(store.publishable_key, { ...visitor, sequence_id: sequenceId, event, variant: offer.variant });
      if (i === 7) {
        // Never shown: its order counts for no variant.
        await order(store.secret_key, cartToken, total);
        continue;
      }
      await report("shown");
      await report("shown");
      t.shown += 1;
      if (i % 2 === 0) {
        await report("clicked");
        t.clicked += 1;
      }
      if (i % 3 === 0) {
        expect((await order(store.secret_key, cartToken, total, `AB-${i}`)).recovered).toBe(true);
        t.recovered += 1;
        t.cents += Math.round(Number(total) * 100);
        if (i === 3) {
          const refund = await request("/api/v1/refunds", { method: "POST", key: store.secret_key, json: { order_id: `AB-${i}`, refund_id: "r-1", amount: "15.00", currency: "USD" } });
          expect(refund.status).toBe(200);
          t.cents -= 1500;
        }
      }
    }
    const stats = await analytics(store.secret_key);
    expect(stats.popup.variants).toEqual(
      VARIANTS.map(({ id }) => {
        const t = truth.get(id)!;
        const ci = wilsonInterval(t.recovered, t.shown);
        return {
          id,
          shown: t.shown,
          clicked: t.clicked,
          recovered: t.recovered,
          revenue: t.cents / 100,
          conversion_rate: t.shown === 0 ? 0 : Math.round((t.recovered / t.shown) * 10_000) / 10_000,
          ci_low: Math.round(ci.low * 10_000) / 10_000,
          ci_high: Math.round(ci.high * 10_000) / 10_000,
        };
      }),
    );
    // Seven impressions are too few for a verdict.
    expect(stats.popup.winner).toBeNull();
    expect(stats.popup.shown).toBe(7);

    // Ending the test keeps the chosen variant's copy as the popup; results and assignment stop.
    const kept = VARIANTS[0]!;
    await patchSettings(store.secret_key, { popup: { delay_seconds: kept.delay_seconds, title: kept.title, cta: kept.cta, variants: [] } });
    const after = await analytics(store.secret_key);
    expect(after.popup).not.toHaveProperty("variants");
    expect(after.popup).not.toHaveProperty("winner");
    const { offer } = await visitorWithOffer(store);
    expect(offer).not.toHaveProperty("variant");
    expect(offer).toMatchObject({ delay_seconds: 5, copy: { title: "Back so soon?", cta: "Finish my order" } });
  });

  it("an edited test starts from zero: results of the old definition are kept apart", async () => {
    clock = useFakeClock();
    const store = await storeWithTest();
    const { visitor, sequenceId, offer } = await visitorWithOffer(store);
    await beacon(store.publishable_key, { ...visitor, sequence_id: sequenceId, event: "shown", variant: offer.variant });
    expect((await analytics(store.secret_key)).popup.variants.find((v: any) => v.id === offer.variant).shown).toBe(1);
    await patchSettings(store.secret_key, { popup: { variants: [{ ...VARIANTS[0], weight: 2 }, VARIANTS[1]] } });
    expect((await analytics(store.secret_key)).popup.variants.map((v: any) => v.shown)).toEqual([0, 0]);
  });

  it("GA4 hears the variant with the popup events and the conversion", async () => {
    clock = useFakeClock();
    const ga4 = await newGa4Property();
    const store = await storeWithTest({ ga4: { measurement_id: ga4.measurementId, api_secret: ga4.apiSecret } });
    const { visitor, sequenceId, cartToken, offer } = await visitorWithOffer(store);
    await beacon(store.publishable_key, { ...visitor, sequence_id: sequenceId, event: "shown", variant: offer.variant });
    await beacon(store.publishable_key, { ...visitor, sequence_id: sequenceId, event: "clicked", variant: offer.variant });
    await order(store.secret_key, cartToken, "59.90");
    const events = await eventually(async () => {
      const received = (await ga4Received(ga4.measurementId)).events;
      expect(received.map((e) => e.name).sort()).toEqual(["recovery_conversion", "recovery_popup_clicked", "recovery_popup_shown"]);
      return received;
    });
    for (const event of events) expect(event.params).toMatchObject({ sequence_id: sequenceId, variant: offer.variant });
  });
});

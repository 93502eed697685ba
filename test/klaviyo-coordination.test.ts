import { afterEach, describe, expect, it } from "vitest";
import { createFastStore, json, patchSettings, postCart, request } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { configureKlaviyo, klaviyoAccount, klaviyoRequests, seedReceivedEmails } from "./helpers/klaviyo";
import { eventually, getSequence, runAlarm, waitForStep } from "./helpers/sequences";

let clock: ReturnType<typeof useFakeClock>;
afterEach(() => clock?.restore());

const HOUR = 3_600_000;
const oneEmail = [{ id: "email_2h", channel: "email", delay_seconds: 2, subject: "Your cart" }];

/** A store connected to a fake Klaviyo account, one email step 2 s after abandonment, and a shopper's cart. */
async function connectedStore(klaviyo: Record<string, unknown> = {}, settings: Record<string, unknown> = {}) {
  const apiKey = await klaviyoAccount();
  const store = await createFastStore();
  await patchSettings(store.secret_key, { steps: oneEmail, klaviyo: { api_key: apiKey, ...klaviyo }, ...settings });
  const { payload, sequence } = await postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString() });
  return { apiKey, store, payload, sequence };
}

const stepOf = async (key: string, sequenceId: string) => (await getSequence(key, sequenceId)).steps.find((s: any) => s.id === "email_2h");

describe("Klaviyo coordination (rule 4)", () => {
  it("skips the email when Klaviyo sent its own recovery email 2 h ago, saying so on the timeline", async () => {
    clock = useFakeClock();
    const { apiKey, store, payload, sequence } = await connectedStore();
    const sentAt = new Date(Math.floor((clock.start - 2 * HOUR) / 60_000) * 60_000);
    await seedReceivedEmails(apiKey, payload.email, [{ datetime: sentAt, flowId: "F1", campaignName: "Abandoned Checkout Reminder", subject: "Forgot something?" }]);
    clock.at(2000);
    await runAlarm(store.id, payload.cart_token);
    const current = await waitForStep(store.secret_key, sequence.id, "email_2h", "skipped");
    const hhmm = sentAt.toISOString().slice(11, 16);
    expect(current.steps[0].reason).toBe(`Klaviyo sent 'Abandoned Checkout Reminder' to this address at ${sentAt.toISOString().slice(0, 10)} ${hhmm}`);
    expect(current.timeline.at(-2)).toMatchObject({ type: "email_skipped", step: "email_2h" });
    const calls = await klaviyoRequests(apiKey);
    expect(calls.every((call) => call.revision === "2026-10-15" && call.authorization === `Klaviyo-API-Key ${apiKey}`)).toBe(true);
    expect(calls.some((call) => call.path === "/api/events" && /greater-than\(datetime,\d{4}-\d\d-\d\dT[\d:.]+Z\)/.test(call.query.filter ?? ""))).toBe(true);
  });

  it("ignores Klaviyo emails that are not recovery emails, and sends", async () => {
    clock = useFakeClock();
    const { apiKey, store, payload, sequence } = await connectedStore();
    await seedReceivedEmails(apiKey, payload.email, [{ datetime: new Date(clock.start - HOUR), campaignName: "Black Friday newsletter", subject: "40% off" }]);
    clock.at(2000);
    await runAlarm(store.id, payload.cart_token);
    await waitForStep(store.secret_key, sequence.id, "email_2h", "sent");
  });

  it("policy defer: holds the email until the look-back has passed, then sends it", async () => {
    clock = useFakeClock();
    const { apiKey, store, payload, sequence } = await connectedStore({ policy: "defer", lookback_hours: 3 });
    // Klaviyo keeps event times to the second.
    const sentAt = Math.floor((clock.start - 2 * HOUR) / 1000) * 1000;
    await seedReceivedEmails(apiKey, payload.email, [{ datetime: new Date(sentAt), campaignName: "Cart reminder" }]);
    clock.at(2000);
    await runAlarm(store.id, payload.cart_token);
    const deferred = await waitForStep(store.secret_key, sequence.id, "email_2h", "scheduled");
    await eventually(async () => expect((await stepOf(store.secret_key, sequence.id)).scheduled_at).toBe(new Date(sentAt + 3 * HOUR).toISOString()));
    expect(deferred.status).toBe("active");
    clock.at(HOUR + 1000);
    await runAlarm(store.id, payload.cart_token);
    await waitForStep(store.secret_key, sequence.id, "email_2h", "sent");
  });

  it("Klaviyo down, policy send: the email goes with a note; policy defer: it waits, never past its hold", async () => {
    clock = useFakeClock();
    const sending = await connectedStore();
    await configureKlaviyo(sending.apiKey, { failStatus: 503 });
    clock.at(2000);
    await runAlarm(sending.store.id, sending.payload.cart_token);
    const sent = await waitForStep(sending.store.secret_key, sending.sequence.id, "email_2h", "sent");
    expect(sent.timeline.find((e: any) => e.type === "integration_unavailable")?.detail).toMatch(/^Klaviyo did not answer \(.*503.*\): sent without its check \(failure policy: send\)$/);

    const holding = await connectedStore({}, { failure_policy: "defer" });
    await configureKlaviyo(holding.apiKey, { failStatus: 503 });
    await runAlarm(holding.store.id, holding.payload.cart_token);
    await eventually(async () =>
      expect((await stepOf(holding.store.secret_key, holding.sequence.id)).reason).toMatch(/^Klaviyo did not answer .*asking again later \(failure policy: defer\)$/),
    );
    expect((await stepOf(holding.store.secret_key, holding.sequence.id)).status).toBe("scheduled");
  });

  it("opens the circuit after repeated failures, shows it in integration health without the key, and closes it on success", async () => {
    clock = useFakeClock();
    const apiKey = await klaviyoAccount();
    const store = await createFastStore();
    await patchSettings(store.secret_key, { steps: oneEmail, klaviyo: { api_key: apiKey } });
    await configureKlaviyo(apiKey, { failStatus: 500 });
    const carts = [];
    for (let i = 0; i < 6; i++) carts.push(await postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString() }));
    clock.at(2000);
    for (const cart of carts) {
      await runAlarm(store.id, cart.payload.cart_token);
      await waitForStep(store.secret_key, cart.sequence.id, "email_2h", "sent");
    }
    const health = await request("/api/v1/integrations", { key: store.secret_key });
    const text = await health.text();
    expect(text).not.toContain(apiKey);
    const klaviyo = JSON.parse(text).klaviyo;
    expect(klaviyo).toMatchObject({ configured: true, circuit_state: "open", last_error: { message: expect.stringContaining("500") } });
    // The last cart went without asking: the circuit (shared with the analytics fan-out's calls) was open.
    const last = await getSequence(store.secret_key, carts.at(-1)!.sequence.id);
    expect(last.timeline.find((e: any) => e.type === "integration_unavailable")?.detail).toMatch(/^Klaviyo did not answer \(paused after \d+ failures in a row; trying again shortly\)/);

    await configureKlaviyo(apiKey, { failStatus: null });
    clock.at(2000 + 61_000);
    const later = await postCart(store.secret_key, { updated_at: new Date(clock.start + 59_000).toISOString() });
    clock.at(2000 + 62_000);
    await runAlarm(store.id, later.payload.cart_token);
    await waitForStep(store.secret_key, later.sequence.id, "email_2h", "sent");
    const closed = (await json(request("/api/v1/integrations", { key: store.secret_key }))).klaviyo;
    expect(closed).toMatchObject({ circuit_state: "closed", last_success: expect.any(String) });
  }, 30_000);

  it("tests the connection live, and answers 404 for an unknown integration", async () => {
    clock = useFakeClock();
    const { store } = await connectedStore();
    const result = await json(request("/api/v1/integrations/klaviyo/test", { method: "POST", key: store.secret_key }));
    expect(result).toMatchObject({ name: "klaviyo", ok: true, detail: "connected to Klaviyo account Acme" });
    const ga4 = await json(request("/api/v1/integrations/ga4/test", { method: "POST", key: store.secret_key }));
    expect(ga4).toMatchObject({ name: "ga4", ok: false, detail: "not configured" });
    expect((await request("/api/v1/integrations/mailchimp/test", { method: "POST", key: store.secret_key })).status).toBe(404);
  });
});

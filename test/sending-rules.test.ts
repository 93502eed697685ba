import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { createFastStore, patchSettings, postCart } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { getSequence, runAlarm, stepStatus, waitForStep, waitForStepReason } from "./helpers/sequences";

let clock: ReturnType<typeof useFakeClock>;
afterEach(() => clock?.restore());

describe("sending rules in the sequence", () => {
  it("skips an email to a suppressed address and records why", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { payload, sequence } = await postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString() });
    await env.DB.prepare("INSERT INTO suppressions (store_id, email, reason, created_at) VALUES (?, ?, 'unsubscribed', ?)")
      .bind(store.id, payload.email, new Date().toISOString())
      .run();
    clock.at(2000);
    await runAlarm(store.id, payload.cart_token);
    const current = await waitForStepReason(store.secret_key, sequence.id, "email_2h", "suppressed");
    expect(stepStatus(current, "email_2h")).toBe("skipped");
    expect(current.steps.find((s: any) => s.id === "email_2h").reason).toBe("address suppressed (unsubscribed)");
  });

  it("skips shoppers without marketing consent unless the store sends to all", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const at = new Date(clock.start).toISOString();
    const noConsent = await postCart(store.secret_key, { updated_at: at, accepts_marketing: false });
    clock.at(2000);
    await runAlarm(store.id, noConsent.payload.cart_token);
    expect(stepStatus(await getSequence(store.secret_key, noConsent.sequence.id), "email_2h")).toBe("skipped");

    await patchSettings(store.secret_key, { consent_mode: "all" });
    clock.at(3000);
    await runAlarm(store.id, noConsent.payload.cart_token);
    await waitForStep(store.secret_key, noConsent.sequence.id, "email_24h", "sent");
  });

  it("defers the second email to the same shopper under the frequency cap, across carts", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    await patchSettings(store.secret_key, { frequency_cap: { max_emails: 1, per_hours: 24 } });
    const at = new Date(clock.start).toISOString();
    const first = await postCart(store.secret_key, { updated_at: at, email: "same@example.com" });
    const second = await postCart(store.secret_key, { updated_at: at, email: "same@example.com" });
    clock.at(2000);
    await runAlarm(store.id, first.payload.cart_token);
    await waitForStep(store.secret_key, first.sequence.id, "email_2h", "sent");
    await runAlarm(store.id, second.payload.cart_token);
    const deferred = await waitForStepReason(store.secret_key, second.sequence.id, "email_2h", "frequency cap");
    const step = deferred.steps.find((s: any) => s.id === "email_2h");
    expect(step.status).toBe("scheduled");
    expect(step.reason).toContain("frequency cap");
    expect(Date.parse(step.scheduled_at)).toBeGreaterThan(clock.start + 23 * 3_600_000);
  });
});

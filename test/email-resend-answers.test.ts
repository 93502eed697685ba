import { afterEach, describe, expect, it } from "vitest";
import { createFastStore, FAST_STEPS, json, patchSettings, request } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { cartsWithDueEmail } from "./helpers/email-flow";
import { deliver, runAlarmCapturingJobs } from "./helpers/queue";
import { failFor, sentTo } from "./helpers/resend";
import { getSequence } from "./helpers/sequences";

let clock: ReturnType<typeof useFakeClock>;
afterEach(() => clock?.restore());

type Store = { id: string; secret_key: string };

/** Carts of `store` whose email_2h is due, with their captured jobs (see helpers/email-flow). */
const dueEmails = (store: Store, carts: Record<string, unknown>[]) => cartsWithDueEmail(clock, store, carts);

const email2h = async (store: Store, sequenceId: string) => (await getSequence(store.secret_key, sequenceId)).steps.find((s: any) => s.id === "email_2h");

describe("one bad email in a batch", () => {
  it("fails alone with Resend's reason (permissive batch validation); its batch-mates are sent", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    await failFor(store.id, { reject_index_to: "refused@example.com" });
    const { carts, jobs } = await dueEmails(store, [{}, { email: "refused@example.com" }, {}]);
    expect((await deliver(jobs)).explicitAcks).toHaveLength(3);

    const steps = await Promise.all(carts.map((cart) => email2h(store, cart.sequence.id)));
    expect(steps.map((s) => s.status)).toEqual(["sent", "failed", "sent"]);
    expect(steps[1].reason).toBe("Resend refused this email: Resend refused this recipient");
    const { emails, requests } = await sentTo(store.id);
    expect(emails.map((e) => e.to[0]).sort()).toEqual([carts[0]!.payload.email, carts[2]!.payload.email].sort());
    expect(requests.map((r) => [r.outcome, r.size])).toEqual([[200, 3]]);
  });

  it("is checked before sending: one that Resend would refuse fails alone, the batch goes without it", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    await patchSettings(store.secret_key, { steps: FAST_STEPS.map((step) => (step.id === "email_2h" ? { ...step, subject: "{{first_name}}".repeat(14) } : step)) });
    const { carts, jobs } = await dueEmails(store, [{ first_name: "Ann" }, { first_name: "N".repeat(100) }]);
    expect((await deliver(jobs)).explicitAcks).toHaveLength(2);

    expect((await email2h(store, carts[0]!.sequence.id)).status).toBe("sent");
    expect(await email2h(store, carts[1]!.sequence.id)).toMatchObject({ status: "failed", reason: "invalid email, not sent: the subject is 1400 characters long (at most 998)" });
    const { emails, requests } = await sentTo(store.id);
    expect(emails.map((e) => e.to)).toEqual([[carts[0]!.payload.email]]);
    expect(requests.map((r) => r.size)).toEqual([1]);
  });
});

describe("Resend refusing the account (401/403, unverified domain)", () => {
  it("pauses the store's sending, shows it in integration health, defers the emails and sends them after a successful test", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    // Later steps an hour apart, so only email_2h is due when the held emails come back.
    await patchSettings(store.secret_key, { steps: FAST_STEPS.map((step, i) => (i > 1 ? { ...step, delay_seconds: 3600 * i } : step)) });
    await failFor(store.id, { reject_403: true });
    const { carts, jobs } = await dueEmails(store, [{}, {}]);
    expect((await deliver(jobs)).explicitAcks).toHaveLength(2);

    for (const cart of carts) {
      expect(await email2h(store, cart.sequence.id)).toMatchObject({ status: "scheduled", reason: expect.stringMatching(/^sending paused for this store: Resend refused the account or its sending domain \(Resend 403/) });
    }
    const health = await json(request("/api/v1/integrations", { key: store.secret_key }));
    expect(health.resend).toMatchObject({ circuit_state: "open", last_error: { message: expect.stringContaining("API key is invalid") } });
    // While paused, a delivery sends nothing and holds the emails again.
    await deliver(jobs, { attempts: 2 });
    expect((await sentTo(store.id)).requests.map((r) => r.outcome)).toEqual([403]);

    await failFor(store.id, {});
    expect((await json(request("/api/v1/integrations/resend/test", { method: "POST", key: store.secret_key }))).ok).toBe(true);
    expect((await json(request("/api/v1/integrations", { key: store.secret_key }))).resend.circuit_state).toBe("closed");
    clock.at(2000 + 5 * 60_000);
    const again = (await Promise.all(carts.map((cart) => runAlarmCapturingJobs(store.id, cart.payload.cart_token)))).flat();
    expect(again).toHaveLength(2);
    expect((await deliver(again)).explicitAcks).toHaveLength(2);
    for (const cart of carts) expect((await email2h(store, cart.sequence.id)).status).toBe("sent");
    expect((await sentTo(store.id)).emails).toHaveLength(2);
  });

  it("treats an unverified sending domain the same way", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    await failFor(store.id, { domain_unverified: true });
    const { carts, jobs } = await dueEmails(store, [{}]);
    await deliver(jobs);
    expect(await email2h(store, carts[0]!.sequence.id)).toMatchObject({ status: "scheduled", reason: expect.stringContaining("domain is not verified") });
    expect((await json(request("/api/v1/integrations", { key: store.secret_key }))).resend.last_error.message).toContain("domain is not verified");
  });
});

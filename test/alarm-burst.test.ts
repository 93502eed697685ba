import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { createFastStore, patchSettings, postCart, sequenceStub } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { cartsWithDueEmail } from "./helpers/email-flow";
import { deliver, runAlarmCapturingJobs } from "./helpers/queue";
import { ShopperLedger } from "../worker/durable/shopper-ledger";
import { getSequence, runAlarm, stepStatus } from "./helpers/sequences";
import { shopperLedgerStub } from "../worker/durable/client";

let clock: ReturnType<typeof useFakeClock> | undefined;
afterEach(() => {
  clock?.restore();
  clock = undefined;
});

/** The timeline as D1 holds it (what the dashboard lists), not the object's own view. */
async function projectedTypes(sequenceId: string) {
  const { results } = await env.DB.prepare("SELECT type FROM timeline_events WHERE sequence_id = ? ORDER BY id").bind(sequenceId).all<{ type: string }>();
  return results.map((row) => row.type);
}

const alarmOf = (storeId: string, cartToken: string) => runInDurableObject(sequenceStub(storeId, cartToken), (_object, state) => state.storage.getAlarm());

describe("a burst of carts due at one instant (issue 11.2)", () => {
  it("wakes a cart's object before its step falls due and runs the step on time, not before", async () => {
    const store = await createFastStore();
    const token = `lead-${crypto.randomUUID()}`;
    const stub = sequenceStub(store.id, token);
    // The Workers tests run with no lead (their clock is usually faked); this object gets one.
    await runInDurableObject(stub, (object) => void ((object as unknown as { wakeLeadMs: number }).wakeLeadMs = 3_000));
    // The popup falls due 1 s after the cart's time: 2 s from now, within the lead, so the alarm is armed now.
    const { sequence } = await postCart(store.secret_key, { cart_token: token, updated_at: new Date(Date.now() + 1_000).toISOString() });
    const due = Date.parse(sequence.steps[0].scheduled_at);
    const armed = await alarmOf(store.id, token);
    expect(armed).toBeGreaterThanOrEqual(due - 3_000);
    expect(armed).toBeLessThan(due);

    // The runtime wakes the object early: the alarm waits for the step's time, then runs it.
    await runDurableObjectAlarm(stub);
    const after = await getSequence(store.secret_key, sequence.id);
    expect(stepStatus(after, "popup_1h")).toBe("sent");
    expect(Date.parse(after.steps[0].executed_at)).toBeGreaterThanOrEqual(due);
    // The next step's alarm is armed early too.
    expect(await alarmOf(store.id, token)).toBeLessThan(Date.parse(after.steps[1].scheduled_at));
  });

  it("leaves an alarm's queued email to the send's projection: one D1 write for both events", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { payload, sequence } = await postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString() });
    clock.at(1_000);
    await runAlarm(store.id, payload.cart_token);
    expect(await projectedTypes(sequence.id)).toEqual(["sequence_started", "popup_eligible"]);

    clock.at(2_000);
    const jobs = await runAlarmCapturingJobs(store.id, payload.cart_token);
    expect(jobs).toHaveLength(1);
    // The alarm only stored the queued email; D1 learns it with the outcome.
    expect(await projectedTypes(sequence.id)).toEqual(["sequence_started", "popup_eligible"]);
    // If no outcome came, the object would project it itself within a minute.
    expect(await alarmOf(store.id, payload.cart_token)).toBeLessThanOrEqual(clock.start + 2_000 + 60_000);

    expect((await deliver(jobs)).explicitAcks).toHaveLength(1);
    expect(await projectedTypes(sequence.id)).toEqual(expect.arrayContaining(["sequence_started", "popup_eligible", "email_queued", "email_sent"]));
  });

  it("projects a queued email itself when its job never comes back", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    // One email soon and the next an hour later, so nothing else falls due when the object projects.
    await patchSettings(store.secret_key, {
      steps: [
        { id: "email_2h", channel: "email", delay_seconds: 2, subject: "Come back", body: "Your cart" },
        { id: "email_24h", channel: "email", delay_seconds: 3600, subject: "Still there?", body: "Your cart" },
      ],
    });
    const { payload, sequence } = await postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString() });
    clock.at(2_000);
    const jobs = await runAlarmCapturingJobs(store.id, payload.cart_token);
    expect(jobs.map((job) => job.step_id)).toEqual(["email_2h"]);
    expect(await projectedTypes(sequence.id)).not.toContain("email_queued");

    // The job is lost (say, dead-lettered): the deferred projection's alarm writes what the object knows.
    clock.at(2_000 + 60_000);
    await runAlarm(store.id, payload.cart_token);
    expect(await projectedTypes(sequence.id)).toContain("email_queued");
    const row = await env.DB.prepare("SELECT steps FROM sequences WHERE id = ?").bind(sequence.id).first<{ steps: string }>();
    expect(JSON.parse(row!.steps).find((step: { id: string }) => step.id === "email_2h").queued).toBe(true);
  });
});

describe("the send consumer in a burst (issue 11.2)", () => {
  /** Counts the calls the shopper ledger gets (the test and the objects share the isolate, so its class is this one). */
  function countLedgerCalls() {
    const calls = { reserve: 0, reserveMany: 0, release: 0 };
    const proto = ShopperLedger.prototype as unknown as Record<keyof typeof calls, (...args: unknown[]) => unknown>;
    const originals = { ...calls, reserve: proto.reserve, reserveMany: proto.reserveMany, release: proto.release };
    for (const name of Object.keys(calls) as (keyof typeof calls)[]) {
      proto[name] = function (this: unknown, ...args: unknown[]) {
        calls[name] += 1;
        return originals[name]!.apply(this, args);
      };
    }
    return { calls, restore: () => Object.assign(proto, originals) };
  }

  const ledgerKeys = (storeId: string) =>
    runInDurableObject(shopperLedgerStub(env, storeId), async (_object, state) => [...(await state.storage.list<{ key: string }[]>()).values()].flat().map((send) => send.key).sort());

  it("reserves a delivery's frequency-cap places in one call to the ledger, and takes back the place of a claim that was refused", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { carts, jobs } = await cartsWithDueEmail(clock, store, [{ email: "a@example.com" }, { email: "b@example.com" }, { email: "c@example.com" }]);
    // The third cart stops after its email was queued: its claim is refused.
    const stopped = carts[2]!;
    await runInDurableObject(sequenceStub(store.id, stopped.payload.cart_token), (object) => (object as unknown as { stop(reason: string): Promise<unknown> }).stop("merchant stopped it"));

    const counting = countLedgerCalls();
    try {
      expect((await deliver(jobs)).explicitAcks).toHaveLength(3);
      expect(counting.calls).toEqual({ reserve: 0, reserveMany: 1, release: 1 });
    } finally {
      counting.restore();
    }
    const states = await Promise.all(carts.map((cart) => getSequence(store.secret_key, cart.sequence.id)));
    expect(states.map((state) => stepStatus(state, "email_2h"))).toEqual(["sent", "sent", "skipped"]);
    // The sent emails hold their places under the cap; the stopped cart's place was given back.
    expect(await ledgerKeys(store.id)).toEqual([carts[0]!.sequence.id, carts[1]!.sequence.id].map((id) => `${id}/email_2h`).sort());
  });
});

import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { createFastStore, patchSettings, postCart, sequenceStub } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { deliver, runAlarmCapturingJobs } from "./helpers/queue";
import { getSequence, runAlarm, stepStatus } from "./helpers/sequences";

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

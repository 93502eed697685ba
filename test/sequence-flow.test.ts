import { env, evictDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { createFastStore, FAST_STEPS, json, postCart, request, sequenceStub } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { getSequence, runAlarm, stepStatus, waitForStep } from "./helpers/sequences";

let clock: ReturnType<typeof useFakeClock>;
afterEach(() => clock?.restore());

const second = 1000;

describe("a recovery sequence", () => {
  it("moves a cart through all five steps by running its alarms", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { payload, sequence } = await postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString() });
    expect(sequence.status).toBe("active");
    expect(sequence.steps.map((s: any) => s.scheduled_at)).toEqual(
      FAST_STEPS.map((s) => new Date(clock.start + s.delay_seconds * second).toISOString()),
    );

    clock.at(1 * second);
    await runAlarm(store.id, payload.cart_token);
    let current = await getSequence(store.secret_key, sequence.id);
    expect(stepStatus(current, "popup_1h")).toBe("sent");
    expect(current.current_step).toBe("email_2h");

    for (const [index, stepId] of ["email_2h", "email_24h", "email_48h", "email_72h"].entries()) {
      clock.at((2 + index) * second);
      await runAlarm(store.id, payload.cart_token);
      current = await waitForStep(store.secret_key, sequence.id, stepId, "sent");
    }

    expect(current.status).toBe("completed");
    expect(current.steps_completed).toEqual(FAST_STEPS.map((s) => s.id));
    const types = current.timeline.map((e: any) => e.type);
    expect(types.filter((t: string) => t === "email_sent")).toHaveLength(4);
    expect(types).toContain("popup_eligible");
    expect(types.at(-1)).toBe("sequence_completed");

    const outbox = await json(request("/api/v1/outbox", { key: store.secret_key }));
    expect(outbox.data.map((e: any) => e.step_id).sort()).toEqual(["email_24h", "email_2h", "email_48h", "email_72h"]);
    expect(outbox.data.every((e: any) => e.to === payload.email)).toBe(true);
    const first = outbox.data.find((e: any) => e.step_id === "email_2h");
    expect(first.subject).toBe("Come back there");
    expect(first.text).toContain("Linen shirt");
  });

  it("restarts the abandonment clock on cart activity before the first step", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { payload, sequence } = await postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString() });
    const later = new Date(clock.start + 30 * second).toISOString();
    const response = await request("/api/v1/carts", { method: "POST", key: store.secret_key, json: { ...payload, updated_at: later } });
    const { sequence: restarted } = await response.json<any>();
    expect(restarted.id).toBe(sequence.id);
    expect(restarted.steps[0].scheduled_at).toBe(new Date(clock.start + 31 * second).toISOString());

    clock.at(2 * second);
    await runAlarm(store.id, payload.cart_token);
    const current = await getSequence(store.secret_key, sequence.id);
    expect(stepStatus(current, "popup_1h")).toBe("scheduled");
    expect(current.timeline.map((e: any) => e.type)).toContain("abandonment_clock_restarted");
  });

  it("runs a step once even when its alarm fires twice or the object restarts", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { payload, sequence } = await postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString() });
    clock.at(2 * second);
    await runAlarm(store.id, payload.cart_token);
    await runAlarm(store.id, payload.cart_token);
    await evictDurableObject(sequenceStub(store.id, payload.cart_token));
    await runAlarm(store.id, payload.cart_token);
    await waitForStep(store.secret_key, sequence.id, "email_2h", "sent");
    await runAlarm(store.id, payload.cart_token);

    const rows = await env.DB.prepare("SELECT count(*) AS n FROM emails WHERE sequence_id = ?").bind(sequence.id).first<{ n: number }>();
    expect(rows?.n).toBe(1);
    const current = await getSequence(store.secret_key, sequence.id);
    expect(current.timeline.filter((e: any) => e.type === "email_sent")).toHaveLength(1);
  });

  it("pauses and resumes the schedule", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { payload, sequence } = await postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString() });
    const paused = await json(request(`/api/v1/recovery/sequences/${sequence.id}/pause`, { method: "POST", key: store.secret_key }));
    expect(paused.status).toBe("paused");

    clock.at(2 * second);
    await runAlarm(store.id, payload.cart_token);
    let current = await getSequence(store.secret_key, sequence.id);
    expect(stepStatus(current, "popup_1h")).toBe("scheduled");
    expect(stepStatus(current, "email_2h")).toBe("scheduled");

    const resumed = await json(request(`/api/v1/recovery/sequences/${sequence.id}/resume`, { method: "POST", key: store.secret_key }));
    expect(resumed.status).toBe("active");
    await runAlarm(store.id, payload.cart_token);
    current = await waitForStep(store.secret_key, sequence.id, "email_2h", "sent");
    expect(stepStatus(current, "popup_1h")).toBe("sent");
    expect(current.timeline.map((e: any) => e.type)).toEqual(expect.arrayContaining(["sequence_paused", "sequence_resumed"]));
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { createFastStore, json, request } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { cartsWithDueEmail } from "./helpers/email-flow";
import { deliver, runAlarmCapturingJobs } from "./helpers/queue";
import { failFor, sentTo } from "./helpers/resend";
import { getSequence, stepStatus } from "./helpers/sequences";

let clock: ReturnType<typeof useFakeClock>;
afterEach(() => clock?.restore());

/** A cart of a fresh store whose email_2h is due and queued, and its captured job (see helpers/email-flow). */
async function queuedEmail() {
  const store = await createFastStore();
  const { carts, jobs } = await cartsWithDueEmail(clock, store, [{}]);
  return { store, cart: carts[0]!, job: jobs[0]!, sequenceId: carts[0]!.sequence.id as string };
}

const step = (sequence: any, id: string) => sequence.steps.find((s: any) => s.id === id);

describe("pausing while an email sits in the send queue", () => {
  it("holds the email and sends it after the resume, never skips it", async () => {
    clock = useFakeClock();
    const { store, cart, job, sequenceId } = await queuedEmail();
    expect((await request(`/api/v1/recovery/sequences/${sequenceId}/pause`, { method: "POST", key: store.secret_key })).status).toBe(200);

    expect((await deliver([job])).explicitAcks).toHaveLength(1);
    const paused = await getSequence(store.secret_key, sequenceId);
    expect(step(paused, "email_2h")).toMatchObject({ status: "scheduled", reason: expect.stringContaining("paused while the email was queued") });
    expect(paused.timeline.filter((e: any) => e.type === "email_skipped")).toEqual([]);
    expect((await sentTo(store.id)).emails).toEqual([]);

    const resumed = await json(request(`/api/v1/recovery/sequences/${sequenceId}/resume`, { method: "POST", key: store.secret_key }));
    expect(resumed.status).toBe("active");
    const [again] = await runAlarmCapturingJobs(store.id, cart.payload.cart_token);
    expect(again).toEqual(job);
    expect((await deliver([again])).explicitAcks).toHaveLength(1);
    expect(stepStatus(await getSequence(store.secret_key, sequenceId), "email_2h")).toBe("sent");
    const { emails } = await sentTo(store.id);
    expect(emails.map((e) => e.to)).toEqual([[cart.payload.email]]);
  });
});

describe("an email job that exhausted its retries", () => {
  it("settles its step as failed with the reason, so the sequence moves on", async () => {
    clock = useFakeClock();
    const { store, job, sequenceId } = await queuedEmail();
    await failFor(store.id, { fail_rate: 1 });
    expect((await deliver([job])).retryMessages).toHaveLength(1);

    expect((await deliver([job], { queue: "reva-email-dlq", attempts: 6 })).explicitAcks).toHaveLength(1);
    const sequence = await getSequence(store.secret_key, sequenceId);
    expect(step(sequence, "email_2h")).toMatchObject({ status: "failed", reason: expect.stringMatching(/^the send queue gave up after its retries; last error: Resend 500/) });
    expect(sequence.timeline.filter((e: any) => e.type === "email_failed")).toHaveLength(1);
    // The next step is still planned: the sequence goes on instead of waiting on the dead email.
    expect(step(sequence, "email_24h").status).toBe("scheduled");
    const outbox = await json(request("/api/v1/outbox", { key: store.secret_key }));
    expect(outbox.data.map((e: any) => e.status)).toEqual(["failed"]);
    expect((await sentTo(store.id)).emails).toEqual([]);
  });

  it("says the email may have gone out when Resend accepted it but its answer was lost", async () => {
    clock = useFakeClock();
    const { store, job, sequenceId } = await queuedEmail();
    await failFor(store.id, { fail_rate: 1, fail_after_accept: true });
    expect((await deliver([job])).retryMessages).toHaveLength(1);
    await deliver([job], { queue: "reva-email-dlq", attempts: 6 });
    const sequence = await getSequence(store.secret_key, sequenceId);
    expect(step(sequence, "email_2h")).toMatchObject({ status: "failed", reason: expect.stringContaining("may have gone out") });
    expect((await sentTo(store.id)).emails).toHaveLength(1);
  });
});

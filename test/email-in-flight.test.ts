import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { createFastStore, json, request } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { cartsWithDueEmail } from "./helpers/email-flow";
import { deliver } from "./helpers/queue";
import { failFor, heldAt, releaseHeld, sentTo } from "./helpers/resend";
import { eventually, getSequence } from "./helpers/sequences";

let clock: ReturnType<typeof useFakeClock>;
afterEach(() => clock?.restore());

type Store = { id: string; secret_key: string };

/** `count` carts of `store` whose email_2h is due, with their captured jobs (see helpers/email-flow). */
const dueEmails = (store: Store, count: number) => cartsWithDueEmail(clock, store, Array.from({ length: count }, () => ({})));

const stop = (store: Store, sequenceId: string) => json(request(`/api/v1/recovery/sequences/${sequenceId}/stop`, { method: "POST", key: store.secret_key, json: { reason: "merchant" } }));
const stepOf = (sequence: any, id = "email_2h") => sequence.steps.find((s: any) => s.id === id);
const later = ["email_24h", "email_48h", "email_72h"];

describe("a stop while an email is in flight", () => {
  it("answers that the email is in flight (never `skipped` then `sent`) while Resend holds the request", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { carts, jobs } = await dueEmails(store, 1);
    const sequenceId = carts[0]!.sequence.id;
    await failFor(store.id, { hold: true });
    const delivering = deliver(jobs);
    await eventually(async () => expect(await heldAt(store.id)).toBe(1));

    const stopped = await stop(store, sequenceId);
    expect(stopped.in_flight).toEqual(["email_2h"]);
    expect(stepOf(stopped)).toMatchObject({ status: "scheduled", reason: expect.stringContaining("in flight") });
    expect(later.map((id) => stepOf(stopped, id).status)).toEqual(["skipped", "skipped", "skipped"]);

    await releaseHeld(store.id);
    expect((await delivering).explicitAcks).toHaveLength(1);
    const final = await getSequence(store.secret_key, sequenceId);
    expect(final).toMatchObject({ status: "stopped", in_flight: [] });
    expect(stepOf(final).status).toBe("sent");
    expect(final.timeline.find((e: any) => e.type === "sequence_stopped").detail).toBe("merchant; 1 email was already in flight");
    expect((await sentTo(store.id)).emails).toHaveLength(1);
  });

  it("after a lost answer, says in flight, and the batch is resent whole with its key: Resend replays, nothing goes twice", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { carts, jobs } = await dueEmails(store, 2);
    await failFor(store.id, { fail_rate: 1, fail_after_accept: true });
    expect((await deliver(jobs)).retryMessages).toHaveLength(2);

    const stopped = await stop(store, carts[0]!.sequence.id);
    expect(stopped.in_flight).toEqual(["email_2h"]);
    expect(stepOf(stopped).status).toBe("scheduled");

    await failFor(store.id, {});
    // Only the other cart's job comes back: the stopped one's row is re-checked with its object all the same.
    expect((await deliver([jobs[1]], { attempts: 2 })).explicitAcks).toHaveLength(1);
    const { emails, requests } = await sentTo(store.id);
    expect(requests.map((r) => r.outcome)).toEqual(["500-after-accept", "replayed"]);
    expect(emails).toHaveLength(2);
    for (const cart of carts) {
      const sequence = await getSequence(store.secret_key, cart.sequence.id);
      expect(stepOf(sequence).status).toBe("sent");
      expect(sequence.in_flight).toEqual([]);
    }
  });

  it("a sequence stopped while its batch provably never reached Resend is not sent with its batch-mates", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { carts, jobs } = await dueEmails(store, 2);
    await failFor(store.id, { rate_limit_next: 1, retry_after: 60 });
    expect((await deliver(jobs)).retryMessages).toHaveLength(2);

    const stopped = await stop(store, carts[0]!.sequence.id);
    expect(stepOf(stopped).status).toBe("skipped");

    await failFor(store.id, {});
    expect((await deliver([jobs[1]], { attempts: 2 })).explicitAcks).toHaveLength(1);
    const { emails, requests } = await sentTo(store.id);
    expect(emails.map((e) => e.to)).toEqual([[carts[1]!.payload.email]]);
    expect(requests.map((r) => r.outcome)).toEqual([429, 200]);
    expect(stepOf(await getSequence(store.secret_key, carts[0]!.sequence.id)).status).toBe("skipped");
    expect(stepOf(await getSequence(store.secret_key, carts[1]!.sequence.id)).status).toBe("sent");
    expect(stopped.in_flight).toEqual([]);
    const row = await env.DB.prepare("SELECT status, error FROM emails WHERE sequence_id = ?").bind(carts[0]!.sequence.id).first();
    expect(row).toEqual({ status: "failed", error: "not sent: its sequence ended before the email went out" });
  });

  it("a stopped email's row that never reached Resend is closed when its job comes back, not left sending", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { carts, jobs } = await dueEmails(store, 1);
    await failFor(store.id, { rate_limit_next: 1, retry_after: 60 });
    expect((await deliver(jobs)).retryMessages).toHaveLength(1);
    await stop(store, carts[0]!.sequence.id);
    expect((await deliver(jobs, { attempts: 2 })).explicitAcks).toHaveLength(1);
    const row = await env.DB.prepare("SELECT status, error FROM emails WHERE sequence_id = ?").bind(carts[0]!.sequence.id).first();
    expect(row).toEqual({ status: "failed", error: "not sent: step is skipped" });
    expect((await sentTo(store.id)).emails).toEqual([]);
  });

  it("an unsubscribe while the email is in flight says so (header and page), and nothing else goes", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const { carts, jobs } = await dueEmails(store, 1);
    await failFor(store.id, { hold: true });
    const delivering = deliver(jobs);
    await eventually(async () => expect(await heldAt(store.id)).toBe(1));
    const [email] = (await sentTo(store.id)).emails;
    const link = new URL((email!.headers["List-Unsubscribe"] as string).slice(1, -1));

    const response = await request(`${link.pathname}${link.search}`, { method: "POST" });
    expect(response.status).toBe(200);
    expect(response.headers.get("Reva-Emails-In-Flight")).toBe("1");
    expect(await response.text()).toContain("One reminder was already on its way and may still arrive.");

    await releaseHeld(store.id);
    await delivering;
    const final = await getSequence(store.secret_key, carts[0]!.sequence.id);
    expect(stepOf(final).status).toBe("sent");
    expect(later.map((id) => stepOf(final, id).status)).toEqual(["skipped", "skipped", "skipped"]);
    expect((await sentTo(store.id)).emails).toHaveLength(1);
  });
});

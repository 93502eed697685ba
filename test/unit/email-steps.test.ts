import { describe, expect, it } from "vitest";
import { type ShopperHistory, UNGUARDED } from "../../worker/domain/coordinator";
import { claimQueuedEmail, dueStepsNeedFacts, runDueSteps, type StepFacts } from "../../worker/domain/email-steps";
import { confirmEmailSent, inFlightSteps, releaseEmailLease, startSequence, stopSequence, type SequenceState } from "../../worker/domain/sequence";
import { defaultSettings } from "../../worker/domain/settings";
import type { Step } from "../../worker/domain/steps";
import { T0, testCart } from "./fixtures";

const HOUR = 3_600_000;

const PLAN: Step[] = [
  { id: "popup_1h", channel: "popup", delay_seconds: 3600 },
  { id: "email_2h", channel: "email", delay_seconds: 7200 },
  { id: "email_3h", channel: "email", delay_seconds: 10_800 },
];

const cart = testCart();

const settings = { ...defaultSettings({ name: "Shop", from_email: "shop@example.com", domain: "shop.example.com" }), frequency_cap: { max_emails: 1, per_hours: 24 } };
const noHistory: ShopperHistory = { email: "ann@example.com", suppression: null, sends: [], emailsSentToday: 0, sender: UNGUARDED };
const facts = (overrides: Partial<StepFacts> = {}): StepFacts => ({ settings, history: noHistory, ...overrides });

const start = (): SequenceState => startSequence({ id: "seq_1", store_id: "store_1", cart, plan: PLAN, origin: "https://reva.test", now: T0 });
const statusOf = (s: SequenceState, id: string) => s.steps.find((step) => step.id === id);

describe("runDueSteps", () => {
  it("needs no facts while only a popup is due, and makes it eligible", () => {
    const s = start();
    expect(dueStepsNeedFacts(s, T0 + HOUR)).toBe(false);
    const { next, jobs } = runDueSteps(s, { settings: null, history: null }, T0 + HOUR);
    expect(jobs).toEqual([]);
    expect(statusOf(next, "popup_1h")?.status).toBe("sent");
  });

  it("turns a due email step that may go into one queue job and marks it queued", () => {
    const s = start();
    expect(dueStepsNeedFacts(s, T0 + 2 * HOUR)).toBe(true);
    const { next, jobs } = runDueSteps(s, facts(), T0 + 2 * HOUR);
    expect(jobs).toEqual([{ store_id: "store_1", cart_token: "cart_1", sequence_id: "seq_1", step_id: "email_2h", base_url: "https://reva.test" }]);
    expect(statusOf(next, "email_2h")).toMatchObject({ status: "scheduled", queued: true });
  });

  it("skips email steps of a deleted store and of a suppressed shopper, with the reason", () => {
    const deleted = runDueSteps(start(), facts({ settings: null }), T0 + 2 * HOUR);
    expect(deleted.jobs).toEqual([]);
    expect(statusOf(deleted.next, "email_2h")).toMatchObject({ status: "skipped", reason: "store deleted" });
    const suppressed = runDueSteps(start(), facts({ history: { ...noHistory, suppression: "unsubscribed" } }), T0 + 2 * HOUR);
    expect(suppressed.jobs).toEqual([]);
    expect(statusOf(suppressed.next, "email_2h")).toMatchObject({ status: "skipped", reason: "address suppressed (unsubscribed)" });
  });
});

describe("overdue steps and the horizon", () => {
  it("when several emails are overdue, only the latest is queued and later steps keep their intervals from now", () => {
    const now = T0 + 3 * HOUR;
    const late: SequenceState = startSequence({ id: "seq_1", store_id: "store_1", cart, plan: [...PLAN, { id: "email_5h", channel: "email", delay_seconds: 18_000 }], origin: "https://reva.test", now: T0 });
    const { next, jobs } = runDueSteps(late, facts({ settings: { ...settings, frequency_cap: { max_emails: 10, per_hours: 1 } } }), now);
    expect(jobs.map((job) => job.step_id)).toEqual(["email_3h"]);
    expect(statusOf(next, "email_2h")).toMatchObject({ status: "skipped", reason: "overdue together with email_3h: only the latest due email is sent" });
    expect(statusOf(next, "email_5h")?.scheduled_at).toBe(new Date(now + 2 * HOUR).toISOString());
    expect(next.unprojected.map((e) => e.type)).toContain("steps_rescheduled");
  });

  it("a cart older than the horizon queues nothing and says why on every due email", () => {
    const now = T0 + 8 * 24 * HOUR;
    const { next, jobs } = runDueSteps(start(), facts(), now);
    expect(jobs).toEqual([]);
    for (const id of ["email_2h", "email_3h"]) {
      expect(statusOf(next, id)).toMatchObject({ status: "skipped", reason: "cart abandoned 8 days ago, beyond the store's 7-day horizon: no emails" });
    }
  });
});

describe("claimQueuedEmail", () => {
  const queued = () => runDueSteps(start(), facts(), T0 + 2 * HOUR).next;
  const lease = { id: "lease_1", until: new Date(T0 + 2 * HOUR + 30_000).toISOString() };

  it("grants a queued email that may still go, with a lease on it and nothing else changed", () => {
    const s = queued();
    const { claim, next } = claimQueuedEmail(s, "email_2h", facts(), lease, T0 + 2 * HOUR + 1000);
    expect(claim).toMatchObject({ send: true, to: "ann@example.com", sequence_id: "seq_1", step: { id: "email_2h" }, lease: "lease_1", resume: false });
    expect(next).toEqual({ ...s, version: s.version + 1, steps: s.steps.map((step) => (step.id === "email_2h" ? { ...step, lease } : step)) });
  });

  it("refuses and settles an email whose sequence was stopped while it was queued, without facts", () => {
    const s = stopSequence(queued(), "merchant", T0 + 2 * HOUR);
    const { claim } = claimQueuedEmail(s, "email_2h", null, lease, T0 + 2 * HOUR + 1000);
    expect(claim).toEqual({ send: false, reason: "step is skipped" });
  });

  it("refuses an email the shopper unsubscribed from while it was queued, and records the skip", () => {
    const { claim, next } = claimQueuedEmail(queued(), "email_2h", facts({ history: { ...noHistory, suppression: "unsubscribed" } }), lease, T0 + 2 * HOUR + 1000);
    expect(claim).toEqual({ send: false, reason: "address suppressed (unsubscribed)" });
    expect(statusOf(next, "email_2h")).toMatchObject({ status: "skipped", queued: false });
  });

  it("refuses when the store is gone", () => {
    const s = queued();
    expect(claimQueuedEmail(s, "email_2h", facts({ settings: null }), lease, T0 + 2 * HOUR)).toEqual({ claim: { send: false, reason: "store deleted" }, next: s });
  });

  describe("an email in flight (claimed, outcome unknown)", () => {
    const claimed = () => claimQueuedEmail(queued(), "email_2h", facts(), lease, T0 + 2 * HOUR + 1000).next;
    const at = T0 + 2 * HOUR + 2000;

    it("is declared in flight by a stop, not skipped, and becomes sent when Resend confirms it", () => {
      const stopped = stopSequence(claimed(), "merchant", at);
      expect(statusOf(stopped, "email_2h")).toMatchObject({ status: "scheduled", reason: expect.stringContaining("in flight") });
      expect(inFlightSteps(stopped.steps)).toEqual(["email_2h"]);
      expect(stopped.unprojected.at(-1)).toMatchObject({ type: "sequence_stopped", detail: "merchant; 1 email was already in flight" });
      expect(statusOf(stopped, "email_3h")!.status).toBe("skipped");
      const sent = confirmEmailSent(stopped, "email_2h", "via Resend", at + 1);
      expect(statusOf(sent, "email_2h")).toMatchObject({ status: "sent", lease: null });
      expect(inFlightSteps(sent.steps)).toEqual([]);
    });

    it("is skipped when its claim provably never reached Resend after the stop; another claim's release is ignored", () => {
      const stopped = stopSequence(claimed(), "merchant", at);
      expect(releaseEmailLease(stopped, "email_2h", "lease_other", at + 1)).toBe(stopped);
      const released = releaseEmailLease(stopped, "email_2h", "lease_1", at + 1);
      expect(statusOf(released, "email_2h")).toMatchObject({ status: "skipped", lease: null });
      expect(confirmEmailSent(released, "email_2h", "via Resend", at + 2)).toBe(released);
    });

    it("is taken over by a redelivery without a new decision, even after a stop", () => {
      const stopped = stopSequence(claimed(), "merchant", at);
      const next = { id: "lease_2", until: lease.until };
      const { claim } = claimQueuedEmail(stopped, "email_2h", null, next, at + 1);
      expect(claim).toMatchObject({ send: true, lease: "lease_2", resume: true, live: false });
    });
  });

  it("a step skipped by a stop with nothing in flight stays skipped whatever is confirmed later", () => {
    const stopped = stopSequence(queued(), "merchant", T0 + 2 * HOUR);
    expect(confirmEmailSent(stopped, "email_2h", "via Resend", T0 + 2 * HOUR + 1)).toBe(stopped);
  });
});

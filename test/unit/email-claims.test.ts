import { describe, expect, it } from "vitest";
import { type ShopperHistory, UNGUARDED } from "../../worker/domain/coordinator";
import { claimQueuedEmail, deferForFrequencyCap, runDueSteps, type StepFacts } from "../../worker/domain/email-steps";
import { applyEmailDecision, startSequence, type SequenceState } from "../../worker/domain/sequence";
import { defaultSettings } from "../../worker/domain/settings";
import type { Step } from "../../worker/domain/steps";
import { iso, T0, testCart } from "./fixtures";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PLAN: Step[] = [
  { id: "popup_1h", channel: "popup", delay_seconds: 3600 },
  { id: "email_1h", channel: "email", delay_seconds: 3600 },
  { id: "email_2h", channel: "email", delay_seconds: 7200 },
];
const settings = defaultSettings({ name: "Shop", from_email: "shop@example.com", domain: "shop.example.com" });
const noHistory: ShopperHistory = { email: "ann@example.com", suppression: null, sends: [], emailsSentToday: 0, sender: UNGUARDED };
const facts = (overrides: Partial<StepFacts> = {}): StepFacts => ({ settings, history: noHistory, ...overrides });
const start = (): SequenceState => startSequence({ id: "seq_1", store_id: "store_1", cart: testCart(), plan: PLAN, origin: "https://reva.test", now: T0 });
const step = (s: SequenceState, id: string) => s.steps.find((x) => x.id === id)!;

describe("runDueSteps details", () => {
  it("a popup due with one email is not an overdue email: both run", () => {
    const { next, jobs } = runDueSteps(start(), facts(), T0 + HOUR);
    expect(step(next, "popup_1h").status).toBe("sent");
    expect(jobs.map((j) => j.step_id)).toEqual(["email_1h"]);
    expect(next.unprojected.map((e) => e.type)).not.toContain("email_skipped");
  });

  it("hands Klaviyo's answer to the coordinator", () => {
    const { next, jobs } = runDueSteps(start(), facts({ klaviyo: { kind: "recent", at: T0, label: "Cart flow" } }), T0 + HOUR);
    expect(jobs).toEqual([]);
    expect(step(next, "email_1h")).toMatchObject({ status: "skipped", reason: "Klaviyo sent 'Cart flow' to this address at 2026-11-25 12:00" });
  });

  it("a cart exactly as old as the horizon still gets its emails", () => {
    const horizon = { ...settings, abandonment_horizon_days: 1 };
    const cart = testCart({ updated_at: iso(T0 - DAY + HOUR) });
    const s = startSequence({ id: "seq_1", store_id: "store_1", cart, plan: PLAN, origin: "https://reva.test", now: T0 });
    // Both emails are overdue by then, so only the latest goes.
    expect(runDueSteps(s, facts({ settings: horizon }), T0 + HOUR).jobs.map((j) => j.step_id)).toEqual(["email_2h"]);
    expect(runDueSteps(s, facts({ settings: horizon }), T0 + HOUR + 1).jobs).toEqual([]);
  });
});

describe("claimQueuedEmail details", () => {
  const lease = { id: "lease_1", until: new Date(T0 + 2 * HOUR).toISOString() };
  it("refuses a step that was never queued without changing the sequence", () => {
    const s = start();
    expect(claimQueuedEmail(s, "email_1h", facts(), lease, T0 + HOUR)).toEqual({ claim: { send: false, reason: "step is scheduled" }, next: s });
    expect(claimQueuedEmail(s, "nope", facts(), lease, T0 + HOUR)).toEqual({ claim: { send: false, reason: "unknown step" }, next: s });
  });

  it("a queued step of a store that is gone (no facts) is refused, and stays for the store's deletion to settle", () => {
    const queued = applyEmailDecision(start(), "email_1h", { action: "send" }, T0 + HOUR);
    expect(claimQueuedEmail(queued, "email_1h", null, lease, T0 + HOUR)).toEqual({ claim: { send: false, reason: "store deleted" }, next: queued });
  });
});

describe("deferForFrequencyCap", () => {
  it("refuses the send and moves the step to when the cap allows it, saying why", () => {
    const queued = applyEmailDecision(start(), "email_1h", { action: "send" }, T0 + HOUR);
    const { claim, next } = deferForFrequencyCap(queued, "email_1h", T0 + DAY, { max_emails: 2, per_hours: 12 }, T0 + HOUR);
    const reason = "frequency cap: 2 email(s) per 12 h to this shopper (another of their carts is sending)";
    expect(claim).toEqual({ send: false, reason });
    expect(step(next, "email_1h")).toMatchObject({ status: "scheduled", queued: false, scheduled_at: iso(T0 + DAY), reason });
    expect(next.unprojected.at(-1)).toMatchObject({ type: "email_deferred", detail: `${reason}; now due ${iso(T0 + DAY)}` });
  });
});

import type { Cart } from "./cart";
import { decideEmail, sendFactsFor, type KlaviyoFact, type ShopperHistory } from "./coordinator";
import type { EmailJob } from "./email/email-job";
import * as engine from "./sequence";
import type { EmailDecision, SequenceState } from "./sequence";
import type { StoredSettings } from "./settings";
import type { Step } from "./steps";

/**
 * What the coordinator needs from outside the sequence: the store's settings (null once it is
 * deleted), the shopper's history and, right before a send, what Klaviyo says (null: not asked).
 */
export type StepFacts = { settings: StoredSettings | null; history: ShopperHistory | null; klaviyo?: KlaviyoFact | null };

export type EmailClaim =
  | { send: false; reason: string }
  | {
      send: true;
      to: string;
      step: Step;
      cart: Cart;
      sequence_id: string;
      /** The lease this claim holds (see engine.EmailLease). */
      lease: string;
      /**
       * An earlier claim's email is still in flight (its outcome unknown): this one takes it over to
       * learn the outcome by resending the same request; it is not decided again.
       */
      resume: boolean;
      /** Whether the sequence is still live; an ended one's in-flight email is only ever resent, never made. */
      live: boolean;
    };

function decide(state: SequenceState, stepId: string, facts: StepFacts, now: number): EmailDecision {
  if (!facts.settings) return { action: "skip", reason: "store deleted" };
  return decideEmail(sendFactsFor(state, stepId, facts.history, facts.settings, now, facts.klaviyo ?? null));
}

const DAY_MS = 86_400_000;

/** A cart abandoned longer ago than the store's horizon starts no emails: they would be news of a stale cart. */
function beyondHorizon(state: SequenceState, facts: StepFacts, now: number): EmailDecision | null {
  const horizonDays = facts.settings?.abandonment_horizon_days;
  if (horizonDays === undefined) return null;
  const ageDays = (now - Date.parse(state.cart.updated_at)) / DAY_MS;
  if (ageDays <= horizonDays) return null;
  return { action: "skip", reason: `cart abandoned ${Math.floor(ageDays)} days ago, beyond the store's ${horizonDays}-day horizon: no emails` };
}

/** Whether running the due steps needs the facts (an email step is due), so they are read only then. */
export const dueStepsNeedFacts = (state: SequenceState, now: number) => engine.dueSteps(state, now).some((step) => step.channel === "email");

/**
 * Runs the steps that have come due: a popup becomes eligible for the widget, an email step is
 * decided and, when it may go, becomes a job for the send queue. The cart's object passes no
 * history: the claim judges what depends on it (see CartSequence.alarm). The caller enqueues the jobs
 * before it stores the state: after a crash in between, the retried alarm queues again and the
 * send consumer's claim lets only the recorded one through.
 */
export function runDueSteps(state: SequenceState, facts: StepFacts, now: number): { next: SequenceState; jobs: EmailJob[] } {
  const stale = beyondHorizon(state, facts, now);
  const dueEmails = engine.dueSteps(state, now).filter((step) => step.channel === "email");
  let next = stale ? state : engine.collapseOverdueEmails(state, dueEmails.map((step) => step.id), now);
  const jobs: EmailJob[] = [];
  for (const step of engine.dueSteps(next, now)) {
    if (step.channel === "popup") {
      next = engine.makePopupEligible(next, step.id, now);
      continue;
    }
    const decision = stale ?? decide(next, step.id, facts, now);
    if (decision.action === "send") {
      jobs.push({ store_id: next.store_id, cart_token: next.cart_token, sequence_id: next.id, step_id: step.id, base_url: next.origin });
    }
    next = engine.applyEmailDecision(next, step.id, decision, now);
  }
  return { next, jobs };
}

/**
 * The send-time check (SPEC §6, "again in the queue consumer"): the coordinator decides once more
 * with fresh facts, so a stop, an order or an unsubscribe that arrived while the email sat in the
 * queue still prevents it. `facts` is null when the email is already blocked (see
 * `queuedEmailBlocker`), as nothing outside the sequence can change that.
 */
export function claimQueuedEmail(
  state: SequenceState,
  stepId: string,
  facts: StepFacts | null,
  lease: engine.EmailLease,
  now: number,
): { claim: EmailClaim; next: SequenceState } {
  const current = state.steps.find((s) => s.id === stepId);
  if (current?.lease && current.status === "scheduled") {
    // In flight: the new lease replaces the old one, so a late release by the earlier claim is ignored.
    const live = (engine.LIVE_STATUSES as readonly string[]).includes(state.status);
    const to = state.cart.customer_email ?? "";
    return { claim: { send: true, to, step: current, cart: state.cart, sequence_id: state.id, lease: lease.id, resume: true, live }, next: engine.leaseEmail(state, stepId, lease) };
  }
  const held = engine.holdQueuedEmailWhilePaused(state, stepId, now);
  if (held !== state) return { claim: { send: false, reason: "sequence is paused" }, next: held };
  const blocker = engine.queuedEmailBlocker(state, stepId);
  if (blocker) {
    const queued = state.steps.find((s) => s.id === stepId)?.queued ?? false;
    return { claim: { send: false, reason: blocker }, next: queued ? engine.settleUnsentEmail(state, stepId, "skipped", blocker, now) : state };
  }
  if (!facts?.settings) return { claim: { send: false, reason: "store deleted" }, next: state };
  const decision = decide(state, stepId, facts, now);
  if (decision.action !== "send") {
    return { claim: { send: false, reason: decision.reason }, next: engine.applyEmailDecision(state, stepId, decision, now) };
  }
  const step = state.steps.find((s) => s.id === stepId) as engine.StepState;
  const next = engine.leaseEmail(decision.note ? engine.applyEmailDecision(state, stepId, decision, now) : state, stepId, lease);
  return { claim: { send: true, to: state.cart.customer_email as string, step, cart: state.cart, sequence_id: state.id, lease: lease.id, resume: false, live: true }, next };
}

/**
 * The shopper's ledger refused the send (another cart of theirs took the cap's last place in the
 * same instant): the step waits until the cap allows it, like any frequency-cap deferral.
 */
export function deferForFrequencyCap(
  state: SequenceState,
  stepId: string,
  until: number,
  cap: StoredSettings["frequency_cap"],
  now: number,
): { claim: EmailClaim; next: SequenceState } {
  const reason = `frequency cap: ${cap.max_emails} email(s) per ${cap.per_hours} h to this shopper (another of their carts is sending)`;
  return { claim: { send: false, reason }, next: engine.applyEmailDecision(state, stepId, { action: "defer", until, reason }, now) };
}

/**
 * The store cannot send right now for a reason that is not the shopper's (Resend refused the
 * account or its sending domain): the queued step waits until `until` instead of failing, and runs
 * again then. A step no longer queued (sent, stopped…) is left as it is.
 * `leaseId`: the claim whose request was refused; null when nothing was claimed.
 */
export function deferQueuedEmail(state: SequenceState, stepId: string, until: number, reason: string, leaseId: string | null, now: number): SequenceState {
  const step = state.steps.find((s) => s.id === stepId);
  if (!step || step.status !== "scheduled" || !step.queued) return state;
  // An email in flight waits only when this claim's own request provably never reached Resend.
  if (step.lease && step.lease.id !== leaseId) return state;
  return engine.applyEmailDecision(state, stepId, { action: "defer", until, reason }, now);
}

import type { Cart } from "../domain/cart";
import { decideEmail, sendFactsFor, type ShopperHistory } from "../domain/coordinator";
import * as engine from "../domain/sequence";
import type { SequenceState } from "../domain/sequence";
import type { StoredSettings } from "../domain/settings";
import type { Step } from "../domain/steps";
import type { SequenceEffects } from "./sequence-effects";

export type EmailClaim =
  | { send: false; reason: string }
  | { send: true; to: string; step: Step; cart: Cart; sequence_id: string };

/**
 * The coordinator's decision for one email step. `given` is the shopper's history when the send
 * consumer read it for a whole delivery at once; it is used only if it is about the cart's
 * current address, otherwise the history is read now.
 */
async function decide(effects: SequenceEffects, state: SequenceState, stepId: string, settings: StoredSettings, now: number, given?: ShopperHistory | null) {
  const email = state.cart.customer_email;
  let history = given && given.email === email ? given : null;
  if (!history && email) history = await effects.shopperHistory(state.store_id, email, settings.frequency_cap.per_hours, now);
  return decideEmail(sendFactsFor(state, stepId, history, settings, now));
}

/**
 * Runs the steps that have come due: a popup becomes eligible for the widget, an email step is
 * decided and, when it may go, handed to the send queue.
 */
export async function runDueSteps(effects: SequenceEffects, state: SequenceState, now: number): Promise<SequenceState> {
  const due = engine.dueSteps(state, now);
  if (due.length === 0) return state;
  const settings = await effects.settings(state.store_id);
  let next = state;
  for (const step of due) {
    if (step.channel === "popup") {
      next = engine.makePopupEligible(next, step.id, now);
      continue;
    }
    const decision = settings ? await decide(effects, next, step.id, settings, now) : ({ action: "skip", reason: "store deleted" } as const);
    // Enqueued before it is recorded: if the object crashes in between, the retried alarm queues
    // again and the consumer's claim lets only the recorded one through.
    if (decision.action === "send") {
      await effects.enqueueEmail({ store_id: next.store_id, cart_token: next.cart_token, sequence_id: next.id, step_id: step.id, base_url: next.origin });
    }
    next = engine.applyEmailDecision(next, step.id, decision, now);
  }
  return next;
}

/**
 * The send-time check (SPEC §6, "again in the queue consumer"): the coordinator decides once more
 * with fresh facts, so a stop, an order or an unsubscribe that arrived while the email sat in the
 * queue still prevents it. Returns the claim and the state to commit.
 */
export async function claimEmail(
  effects: SequenceEffects,
  state: SequenceState,
  stepId: string,
  now: number,
  history?: ShopperHistory | null,
): Promise<{ claim: EmailClaim; next: SequenceState }> {
  const blocker = engine.queuedEmailBlocker(state, stepId);
  if (blocker) {
    const queued = state.steps.find((s) => s.id === stepId)?.queued ?? false;
    return { claim: { send: false, reason: blocker }, next: queued ? engine.settleUnsentEmail(state, stepId, "skipped", blocker, now) : state };
  }
  const settings = await effects.settings(state.store_id);
  if (!settings) return { claim: { send: false, reason: "store deleted" }, next: state };
  const decision = await decide(effects, state, stepId, settings, now, history);
  if (decision.action !== "send") {
    return { claim: { send: false, reason: decision.reason }, next: engine.applyEmailDecision(state, stepId, decision, now) };
  }
  const step = state.steps.find((s) => s.id === stepId) as engine.StepState;
  return { claim: { send: true, to: state.cart.customer_email as string, step, cart: state.cart, sequence_id: state.id }, next: state };
}

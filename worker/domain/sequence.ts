import type { Cart } from "./cart";
import { toCents } from "./cart";
import type { EmailEventType, PopupEvent, TimelineEventType } from "./catalogue";
import { AppError } from "./errors";
import type { Order, Refund } from "./order";
import type { VariantRef } from "./popup-variants";
import type { Step } from "./steps";
import { STEP_STATUSES } from "./steps";

/**
 * The recovery sequence of one cart as a state machine. Pure: every function takes the state
 * and the current time and returns the next state; the cart's Durable Object persists it,
 * performs the effects and projects it to D1. Each change appends a timeline event whose id is
 * fixed at creation, so replaying a projection never counts an event twice.
 */

export const SEQUENCE_STATUSES = ["active", "paused", "stopped", "completed", "recovered"] as const;
export type SequenceStatus = (typeof SEQUENCE_STATUSES)[number];
export type StepStatus = (typeof STEP_STATUSES)[number];

export type StepState = Step & {
  status: StepStatus;
  scheduled_at: string | null;
  executed_at: string | null;
  reason: string | null;
  /** Handed to the send queue and awaiting its outcome; guards against queuing twice. */
  queued: boolean;
  /**
   * Set while the step's email is in flight: from the send consumer's claim, right before its
   * batch is sent, until its outcome is known (see `leaseEmail`). Absent on steps stored before.
   */
  lease?: EmailLease | null;
};

/**
 * A claim on one email, held in the cart's Durable Object. `until` is when its request is due to
 * have ended (request timeout plus margin); the lease is NOT released by time: a request that timed
 * out may still have been accepted, so only a known outcome ends it (sent, refused, or provably
 * never sent). A stop meanwhile answers honestly that this email is in flight.
 */
export type EmailLease = { id: string; until: string };

export type TimelineEvent = {
  id: string;
  at: string;
  type: TimelineEventType;
  step: string | null;
  detail: string;
  amount_cents: number | null;
  /** The popup A/B test variant the event belongs to: a popup event's, or the shown variant's for the cart's conversion and refunds. */
  variant?: VariantRef | null;
};

export type SequenceState = {
  id: string;
  store_id: string;
  cart_token: string;
  /** The Worker origin the cart arrived on, for links when PUBLIC_BASE_URL is not set. */
  origin: string;
  status: SequenceStatus;
  sequence_type: "abandoned_cart";
  steps: StepState[];
  cart: Cart;
  started_at: string;
  stopped_reason: string | null;
  last_touch: { at: string; step: string } | null;
  recovered_order_id: string | null;
  /** The recovered order's total and its currency, and what refunds have taken back of it since. */
  recovered_cents?: number;
  recovered_currency?: string;
  refunded_cents?: number;
  refund_ids?: string[];
  /** `type:step` of delivery events already on the timeline; each counts once (first open, first click). */
  seen_events?: string[];
  /**
   * When the shopper last dismissed the popup. Kept with the cart, not in one browser, so every
   * tab and device the widget ties to this cart honours it (`popupSnoozed`).
   */
  popup_dismissed_at?: string | null;
  /** The popup A/B test variant the shopper was first shown; the cart's conversion counts for it. */
  popup_variant?: VariantRef | null;
  version: number;
  event_count: number;
  /** Events not yet in D1; cleared once the projection is written. */
  unprojected: TimelineEvent[];
};

/** Statuses in which a sequence may still send: an order, a stop or an unsubscribe ends them. */
export const LIVE_STATUSES = ["active", "paused"] as const satisfies readonly SequenceStatus[];
const isLive = (s: Pick<SequenceState, "status">) => (LIVE_STATUSES as readonly SequenceStatus[]).includes(s.status);
const iso = (ms: number) => new Date(ms).toISOString();

function record(
  s: SequenceState,
  now: number,
  type: TimelineEventType,
  detail: string,
  step: string | null = null,
  amount: number | null = null,
  variant: VariantRef | null = null,
) {
  s.event_count += 1;
  const event: TimelineEvent = { id: `${s.id}:${String(s.event_count).padStart(6, "0")}`, at: iso(now), type, step, detail, amount_cents: amount };
  if (variant) event.variant = variant;
  s.unprojected.push(event);
}

function change(state: SequenceState, mutate: (draft: SequenceState) => void): SequenceState {
  const draft = structuredClone(state);
  mutate(draft);
  draft.version += 1;
  return draft;
}

function schedule(steps: StepState[], abandonedAt: number) {
  for (const step of steps) {
    if (step.status === "scheduled" && !step.queued) step.scheduled_at = iso(abandonedAt + step.delay_seconds * 1000);
  }
}

export function startSequence(args: { id: string; store_id: string; cart: Cart; plan: Step[]; origin: string; now: number }): SequenceState {
  const abandonedAt = Date.parse(args.cart.updated_at);
  const state: SequenceState = {
    id: args.id,
    store_id: args.store_id,
    cart_token: args.cart.token,
    origin: args.origin,
    status: "active",
    sequence_type: "abandoned_cart",
    steps: args.plan.map((step) => ({ ...step, status: "scheduled", scheduled_at: null, executed_at: null, reason: null, queued: false })),
    cart: args.cart,
    started_at: iso(args.now),
    stopped_reason: null,
    last_touch: null,
    recovered_order_id: null,
    version: 1,
    event_count: 0,
    unprojected: [],
  };
  schedule(state.steps, abandonedAt);
  record(state, args.now, "sequence_started", `cart abandoned at ${args.cart.updated_at}; ${state.steps.length} steps planned`);
  return state;
}

const hasStarted = (s: SequenceState) => s.steps.some((step) => step.status !== "scheduled" || step.queued);

/** Newer cart activity before the first step restarts the abandonment clock; after it, only the cart changes. */
export function recordCartActivity(state: SequenceState, cart: Cart, now: number): SequenceState {
  if (Date.parse(cart.updated_at) < Date.parse(state.cart.updated_at)) return state;
  // A Shopify checkout update knows no visitor: the one the cart is bound to stays its owner.
  const next = { ...cart, visitor_id: cart.visitor_id ?? state.cart.visitor_id, ga_client_id: cart.ga_client_id ?? state.cart.ga_client_id };
  // The same cart again (a redelivered webhook: queues deliver at least once) changes nothing.
  if (cart.updated_at === state.cart.updated_at && JSON.stringify(next) === JSON.stringify(state.cart)) return state;
  return change(state, (s) => {
    const restart = isLive(s) && !hasStarted(s) && cart.updated_at !== s.cart.updated_at;
    s.cart = next;
    if (restart) {
      schedule(s.steps, Date.parse(cart.updated_at));
      record(s, now, "abandonment_clock_restarted", `cart active again at ${cart.updated_at}`);
    }
  });
}

/** The storefront visitor behind the cart; not cart activity, so the clock does not restart. */
export function linkVisitor(state: SequenceState, visitorId: string, gaClientId: string | null): SequenceState {
  return change(state, (s) => {
    s.cart = { ...s.cart, visitor_id: visitorId, ga_client_id: gaClientId ?? s.cart.ga_client_id };
  });
}

/** Steps whose time has come, in plan order; empty unless the sequence is active. */
export function dueSteps(state: SequenceState, now: number): StepState[] {
  if (state.status !== "active") return [];
  return state.steps.filter((s) => s.status === "scheduled" && !s.queued && s.scheduled_at !== null && Date.parse(s.scheduled_at) <= now);
}

/** When the Durable Object should wake next, or null when nothing is left to run. */
export function nextWakeAt(state: SequenceState): number | null {
  if (state.status !== "active") return null;
  const times = state.steps
    .filter((s) => s.status === "scheduled" && !s.queued && s.scheduled_at !== null)
    .map((s) => Date.parse(s.scheduled_at as string));
  return times.length > 0 ? Math.min(...times) : null;
}

function findStep(s: SequenceState, stepId: string): StepState {
  const step = s.steps.find((candidate) => candidate.id === stepId);
  // Steps are named by the sequence itself (alarm, queue job): an unknown one is a broken invariant.
  if (!step) throw new AppError("internal_error", `step ${stepId} is not in sequence ${s.id}`);
  return step;
}

function completeIfDone(s: SequenceState, now: number) {
  if (s.status !== "active") return;
  if (s.steps.every((step) => step.status !== "scheduled")) {
    s.status = "completed";
    record(s, now, "sequence_completed", "every step has run");
  }
}

export function makePopupEligible(state: SequenceState, stepId: string, now: number): SequenceState {
  return change(state, (s) => {
    const step = findStep(s, stepId);
    step.status = "sent";
    step.executed_at = iso(now);
    step.reason = "eligible for the on-site popup";
    record(s, now, "popup_eligible", "the widget may show the popup on the next visit", stepId);
    completeIfDone(s, now);
  });
}

export type EmailDecision =
  /** `note`: something the merchant should know about this send, such as an integration that did not answer. */
  | { action: "send"; note?: string }
  | { action: "skip"; reason: string }
  | { action: "defer"; until: number; reason: string };

export function applyEmailDecision(state: SequenceState, stepId: string, decision: EmailDecision, now: number): SequenceState {
  return change(state, (s) => {
    const step = findStep(s, stepId);
    if (decision.action === "send") {
      if (decision.note) record(s, now, "integration_unavailable", decision.note, stepId);
      if (step.queued) return;
      step.queued = true;
      step.reason = "queued for sending";
      record(s, now, "email_queued", `to ${s.cart.customer_email}`, stepId);
    } else if (decision.action === "skip") {
      step.status = "skipped";
      step.queued = false;
      step.lease = null;
      step.executed_at = iso(now);
      step.reason = decision.reason;
      record(s, now, "email_skipped", decision.reason, stepId);
      completeIfDone(s, now);
    } else {
      step.queued = false;
      step.lease = null;
      step.scheduled_at = iso(decision.until);
      step.reason = decision.reason;
      record(s, now, "email_deferred", `${decision.reason}; now due ${iso(decision.until)}`, stepId);
    }
  });
}

/**
 * Several email steps overdue at once (a checkout that arrives days late, alarms after an
 * outage): only the latest of them may go; the earlier ones are skipped, and the steps after it
 * keep their original intervals, counted from now, so the plan never bursts.
 */
export function collapseOverdueEmails(state: SequenceState, dueEmailIds: string[], now: number): SequenceState {
  const latestId = dueEmailIds.at(-1);
  if (latestId === undefined || dueEmailIds.length < 2) return state;
  return change(state, (s) => {
    for (const id of dueEmailIds.slice(0, -1)) {
      const step = findStep(s, id);
      step.status = "skipped";
      step.executed_at = iso(now);
      step.reason = `overdue together with ${latestId}: only the latest due email is sent`;
      record(s, now, "email_skipped", step.reason, id);
    }
    const latest = findStep(s, latestId);
    const later = s.steps.slice(s.steps.indexOf(latest) + 1).filter((step) => step.status === "scheduled" && !step.queued);
    for (const step of later) step.scheduled_at = iso(now + (step.delay_seconds - latest.delay_seconds) * 1000);
    if (later.length > 0) {
      const moved = later.map((step) => `${step.id} at ${step.scheduled_at}`).join(", ");
      record(s, now, "steps_rescheduled", `later steps keep their intervals from now: ${moved}`);
    }
  });
}

/** Whether a queued email may still go out: the send-time half of the coordinator's rule 1. */
export function queuedEmailBlocker(state: SequenceState, stepId: string): string | null {
  const step = state.steps.find((s) => s.id === stepId);
  if (!step) return "unknown step";
  if (step.status === "sent") return "already sent";
  if (step.status !== "scheduled" || !step.queued) return `step is ${step.status}`;
  if (state.status !== "active") return `sequence is ${state.status}`;
  return null;
}

/** The send consumer claimed this step's email, right before its batch's request. */
export function leaseEmail(state: SequenceState, stepId: string, lease: EmailLease): SequenceState {
  return change(state, (s) => {
    findStep(s, stepId).lease = lease;
  });
}

/**
 * The claim `leaseId` provably never reached Resend (its batch's first request was refused before
 * anything was sent): the email is no longer in flight. A live sequence keeps the step queued (its
 * message is retried and claimed again); an ended one skips it now, as its stop would have.
 * Another claim's lease (a redelivery took over) is left alone.
 */
export function releaseEmailLease(state: SequenceState, stepId: string, leaseId: string, now: number): SequenceState {
  const current = findStep(state, stepId);
  if (current.lease?.id !== leaseId) return state;
  return change(state, (s) => {
    const step = findStep(s, stepId);
    step.lease = null;
    if (isLive(s) || step.status !== "scheduled") return;
    step.status = "skipped";
    step.queued = false;
    step.executed_at = iso(now);
    step.reason = `not sent: the sequence ended (${s.stopped_reason ?? s.status}) before the email went out`;
    record(s, now, "email_skipped", step.reason, stepId);
  });
}

/** Steps whose email is in flight (claimed, outcome not known yet). */
export const inFlightSteps = (steps: Pick<StepState, "id" | "status" | "lease">[]) => steps.filter((step) => step.status === "scheduled" && step.lease).map((step) => step.id);

/**
 * The merchant paused the sequence while this step's email sat in the send queue: the email is
 * held, not skipped. The step leaves the queue and keeps its due time, so resuming runs it at once
 * (the alarm arms again for any scheduled step, see `nextWakeAt`).
 */
export function holdQueuedEmailWhilePaused(state: SequenceState, stepId: string, now: number): SequenceState {
  const current = state.steps.find((step) => step.id === stepId);
  if (state.status !== "paused" || current?.status !== "scheduled" || !current.queued) return state;
  return change(state, (s) => {
    const step = findStep(s, stepId);
    step.queued = false;
    step.reason = "held: the sequence was paused while the email was queued; it goes when the sequence resumes";
    record(s, now, "email_deferred", step.reason, stepId);
  });
}

/**
 * The email went out. Only a step still scheduled becomes sent: one skipped by a stop was not in
 * flight (it held no lease), so its email was not sent by this claim, and its answer to the
 * merchant stands. A stopped sequence's in-flight step still becomes sent, as its stop said.
 */
export function confirmEmailSent(state: SequenceState, stepId: string, detail: string, now: number): SequenceState {
  if (findStep(state, stepId).status !== "scheduled") return state;
  return change(state, (s) => {
    const step = findStep(s, stepId);
    step.status = "sent";
    step.queued = false;
    step.lease = null;
    step.executed_at = iso(now);
    step.reason = null;
    touch(s, stepId, now);
    record(s, now, "email_sent", detail, stepId);
    completeIfDone(s, now);
  });
}

/** A queued email that will not go out: skipped for a coordinator reason, or failed for good. */
export function settleUnsentEmail(state: SequenceState, stepId: string, outcome: "skipped" | "failed", reason: string, now: number): SequenceState {
  const current = findStep(state, stepId);
  if (current.status !== "scheduled") return state;
  return change(state, (s) => {
    const step = findStep(s, stepId);
    step.status = outcome;
    step.queued = false;
    step.lease = null;
    step.executed_at = iso(now);
    step.reason = reason;
    record(s, now, outcome === "failed" ? "email_failed" : "email_skipped", reason, stepId);
    completeIfDone(s, now);
  });
}

/** The first touch is its own event, so the funnel can count sequences reached, not messages sent. */
function touch(s: SequenceState, stepId: string, now: number) {
  if (s.last_touch === null) record(s, now, "sequence_reached", `first Reva touch: ${stepId}`, stepId);
  s.last_touch = { at: iso(now), step: stepId };
}

export function recordPopupShown(state: SequenceState, stepId: string, now: number, variant: VariantRef | null = null): SequenceState {
  return change(state, (s) => {
    touch(s, stepId, now);
    record(s, now, "popup_shown", `the shopper saw the on-site popup${variant ? ` (variant ${variant.id})` : ""}`, stepId, null, variant);
    if (variant && !s.popup_variant) s.popup_variant = variant;
  });
}

/**
 * A delivery or engagement event of one email (delivered, opened, clicked, bounced…). Only its
 * first occurrence is recorded, so analytics count emails opened, not opens.
 */
export function recordEmailEvent(state: SequenceState, stepId: string, type: EmailEventType, detail: string, now: number): SequenceState {
  const key = `${type}:${stepId}`;
  if (state.seen_events?.includes(key)) return state;
  return change(state, (s) => {
    s.seen_events = [...(s.seen_events ?? []), key];
    record(s, now, type, detail, stepId);
  });
}

export function recordPopupResponse(state: SequenceState, stepId: string, event: Exclude<PopupEvent, "shown">, now: number, variant: VariantRef | null = null): SequenceState {
  const detail = `the shopper ${event} the popup${variant ? ` (variant ${variant.id})` : ""}`;
  return change(state, (s) => record(s, now, event === "clicked" ? "popup_clicked" : "popup_dismissed", detail, stepId, null, variant));
}

/**
 * What the storefront reports about the popup, applied to the popup step that came due; a
 * sequence whose popup has not come due yet ignores it. Each event counts once per step and
 * visitor: a popup shown on every page view, or a replayed beacon, is one impression, and a
 * repeated "shown" does not move the last touch (and with it the attribution window) forward.
 * `variant` is the A/B test variant the popup showed, when a test runs.
 */
export function recordPopupEvent(state: SequenceState, event: PopupEvent, visitorId: string, now: number, variant: VariantRef | null = null): SequenceState {
  const popup = state.steps.find((step) => step.channel === "popup" && step.status === "sent");
  if (!popup) return state;
  const key = `popup_${event}:${popup.id}:${visitorId}`;
  const counted = state.seen_events?.includes(key) ?? false;
  // A repeated dismissal is not counted again, but it does restart the snooze.
  if (counted && event !== "dismissed") return state;
  const next = counted ? change(state, () => {}) : event === "shown" ? recordPopupShown(state, popup.id, now, variant) : recordPopupResponse(state, popup.id, event, now, variant);
  if (!counted) next.seen_events = [...(next.seen_events ?? []), key];
  if (event === "dismissed") next.popup_dismissed_at = iso(now);
  return next;
}

/** Whether a dismissal less than `dismissHours` ago still hides the cart's popup. */
export function popupSnoozed(state: Pick<SequenceState, "popup_dismissed_at">, dismissHours: number, now: number): boolean {
  if (!state.popup_dismissed_at) return false;
  return now < Date.parse(state.popup_dismissed_at) + dismissHours * 3_600_000;
}

/** The step the sequence waits on: the first one still scheduled. */
export const currentStepId = (steps: Pick<StepState, "id" | "status">[]) => steps.find((step) => step.status === "scheduled")?.id ?? null;

/** Whether the popup step has come due, so the widget may offer it. */
export const popupIsDue = (steps: Pick<StepState, "channel" | "status">[]) => steps.some((step) => step.channel === "popup" && step.status === "sent");

/**
 * Skips every step still to run, except one whose email is in flight: that step stays scheduled
 * (shown in the view's `in_flight`) until its outcome settles it, and is never shown as skipped
 * first and sent later. Returns what the stop's timeline entry adds about it.
 */
function endRemainingSteps(s: SequenceState, reason: string, now: number): string {
  let inFlight = 0;
  for (const step of s.steps) {
    if (step.status !== "scheduled") continue;
    if (step.lease) {
      inFlight += 1;
      step.reason = `in flight when the sequence ended (${reason}): Resend may have it`;
      continue;
    }
    step.status = "skipped";
    step.queued = false;
    step.executed_at = iso(now);
    step.reason = reason;
  }
  return inFlight === 0 ? "" : `; ${inFlight} email${inFlight === 1 ? " was" : "s were"} already in flight`;
}

export function stopSequence(state: SequenceState, reason: string, now: number): SequenceState {
  if (!isLive(state)) return state;
  return change(state, (s) => {
    s.status = "stopped";
    s.stopped_reason = reason;
    const inFlight = endRemainingSteps(s, `sequence stopped: ${reason}`, now);
    record(s, now, "sequence_stopped", `${reason}${inFlight}`);
  });
}

export function pauseSequence(state: SequenceState, now: number): SequenceState {
  if (state.status !== "active") return state;
  return change(state, (s) => {
    s.status = "paused";
    record(s, now, "sequence_paused", "paused by the merchant");
  });
}

/** Steps that fell due while paused run at the next alarm, i.e. at once. */
export function resumeSequence(state: SequenceState, now: number): SequenceState {
  if (state.status !== "paused") return state;
  return change(state, (s) => {
    s.status = "active";
    record(s, now, "sequence_resumed", "resumed by the merchant");
    completeIfDone(s, now);
  });
}

/**
 * An order stops the sequence at once. It is recovered by Reva when it is paid and comes within
 * the attribution window after a Reva touch (email sent or popup shown); one order counts once.
 * An unpaid order stops the emails and waits: its `orders/paid` recovers the sequence then.
 */
export function recordOrder(state: SequenceState, order: Order, attributionWindowDays: number, now: number): SequenceState {
  if (state.recovered_order_id !== null || state.status === "recovered") return state;
  const orderAt = Date.parse(order.created_at);
  const touch = state.last_touch;
  const touchAt = touch ? Date.parse(touch.at) : null;
  const attributed = touchAt !== null && touchAt <= orderAt && orderAt - touchAt <= attributionWindowDays * 86_400_000;
  if (!(attributed && order.paid) && !isLive(state)) return state;
  return change(state, (s) => {
    const inFlight = endRemainingSteps(s, "cart converted", now);
    s.stopped_reason = "order_placed";
    if (attributed && order.paid && touch) {
      const cents = toCents(order.total_price);
      s.status = "recovered";
      s.recovered_order_id = order.order_id;
      s.recovered_cents = cents;
      s.recovered_currency = order.currency;
      const detail = `order ${order.order_id} (${order.total_price} ${order.currency}) after ${touch.step}${inFlight}`;
      record(s, now, "sequence_recovered", detail, touch.step, cents, s.popup_variant ?? null);
    } else if (!order.paid) {
      s.status = "stopped";
      record(s, now, "sequence_stopped", `order ${order.order_id} placed, awaiting payment: no more emails${inFlight}`);
    } else {
      s.status = "stopped";
      record(s, now, "sequence_stopped", `order ${order.order_id} placed without a Reva touch in the window${inFlight}`);
    }
  });
}

/** The shopper bought, on another cart: this one's emails stop too, and it is not the order's to count. */
export function stopForShopperOrder(state: SequenceState, order: Pick<Order, "order_id">, now: number): SequenceState {
  if (!isLive(state)) return state;
  return change(state, (s) => {
    s.status = "stopped";
    s.stopped_reason = "order_placed";
    const inFlight = endRemainingSteps(s, "the shopper bought on another cart", now);
    record(s, now, "sequence_stopped", `the shopper placed order ${order.order_id} on another cart: no more emails${inFlight}`);
  });
}

/**
 * A refund of the order this sequence recovered lowers its recovered revenue, once per refund id,
 * and never below zero.
 */
export function recordRefund(state: SequenceState, refund: Refund, now: number): SequenceState {
  if (state.recovered_order_id !== refund.order_id || state.refund_ids?.includes(refund.refund_id)) return state;
  const left = (state.recovered_cents ?? 0) - (state.refunded_cents ?? 0);
  const cents = Math.max(0, Math.min(refund.amount_cents, left));
  return change(state, (s) => {
    s.refund_ids = [...(s.refund_ids ?? []), refund.refund_id];
    s.refunded_cents = (s.refunded_cents ?? 0) + cents;
    const amount = `${(cents / 100).toFixed(2)} ${refund.currency}`;
    record(s, now, "order_refunded", `refund ${refund.refund_id} of ${amount} on order ${refund.order_id}`, s.last_touch?.step ?? null, cents, s.popup_variant ?? null);
  });
}

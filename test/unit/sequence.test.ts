import { describe, expect, it } from "vitest";
import { decideEmail, historySince, sendFactsFor, type ShopperHistory, UNGUARDED } from "../../worker/domain/coordinator";
import { localDay } from "../../worker/domain/local-time";
import {
  applyEmailDecision,
  confirmEmailSent,
  currentStepId,
  dueSteps,
  linkVisitor,
  makePopupEligible,
  nextWakeAt,
  pauseSequence,
  popupIsDue,
  popupSnoozed,
  queuedEmailBlocker,
  recordCartActivity,
  recordEmailEvent,
  recordOrder,
  recordPopupEvent,
  recordRefund,
  recordPopupResponse,
  recordPopupShown,
  resumeSequence,
  type SequenceState,
  settleUnsentEmail,
  startSequence,
  stopForShopperOrder,
  stopSequence,
} from "../../worker/domain/sequence";
import type { Step } from "../../worker/domain/steps";
import type { Cart } from "../../worker/domain/cart";
import { coordinatorSettings, iso, T0, testCart, testOrder } from "./fixtures";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The cart was abandoned at T0; the sequence started five minutes later. */
const STARTED = T0 + 5 * MINUTE;

const PLAN: Step[] = [
  { id: "popup_1h", channel: "popup", delay_seconds: 3600 },
  { id: "email_2h", channel: "email", delay_seconds: 7200, subject: "Your cart" },
  { id: "email_24h", channel: "email", delay_seconds: 86_400, subject: "Still there?" },
];

const cart = testCart;

const order = testOrder;

/**
 * Every state handed to the engine is deep-frozen: a function that changed its input in place
 * instead of returning a new state would throw (ES modules run in strict mode).
 */
function frozen<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) frozen(child);
  }
  return value;
}

function start(plan: Step[] = PLAN, cartOverrides: Partial<Cart> = {}): SequenceState {
  return frozen(startSequence({ id: "seq_1", store_id: "store_1", cart: cart(cartOverrides), plan, origin: "https://reva.example.com", now: STARTED }));
}

/** Applies one engine step to a frozen state and freezes the result for the next one. */
function then(state: SequenceState, next: (s: SequenceState) => SequenceState): SequenceState {
  return frozen(next(state));
}

const step = (state: SequenceState, id: string) => {
  const found = state.steps.find((s) => s.id === id);
  if (!found) throw new Error(`test setup: no step ${id}`);
  return found;
};
const eventTypes = (state: SequenceState) => state.unprojected.map((e) => e.type);
const lastEvent = (state: SequenceState) => state.unprojected.at(-1);

/** The popup came due and the first email was sent at T0 + 2 h: a Reva touch. */
function touchedByEmail(): SequenceState {
  let s = start();
  s = then(s, (x) => makePopupEligible(x, "popup_1h", T0 + HOUR));
  s = then(s, (x) => applyEmailDecision(x, "email_2h", { action: "send" }, T0 + 2 * HOUR));
  return then(s, (x) => confirmEmailSent(x, "email_2h", "sent via Resend", T0 + 2 * HOUR + SECOND));
}

describe("startSequence", () => {
  it("schedules every step from the time the cart was abandoned, not from now", () => {
    const s = start();
    expect(s).toMatchObject({
      id: "seq_1",
      store_id: "store_1",
      cart_token: "cart_1",
      origin: "https://reva.example.com",
      status: "active",
      sequence_type: "abandoned_cart",
      started_at: iso(STARTED),
      stopped_reason: null,
      last_touch: null,
      recovered_order_id: null,
      version: 1,
      event_count: 1,
    });
    expect(s.steps.map((x) => [x.id, x.status, x.scheduled_at, x.queued, x.executed_at, x.reason])).toEqual([
      ["popup_1h", "scheduled", iso(T0 + HOUR), false, null, null],
      ["email_2h", "scheduled", iso(T0 + 2 * HOUR), false, null, null],
      ["email_24h", "scheduled", iso(T0 + DAY), false, null, null],
    ]);
    expect(s.steps[1]).toMatchObject({ channel: "email", delay_seconds: 7200, subject: "Your cart" });
  });

  it("opens the timeline with one sequence_started event whose id is fixed", () => {
    expect(start().unprojected).toEqual([
      {
        id: "seq_1:000001",
        at: iso(STARTED),
        type: "sequence_started",
        step: null,
        detail: `cart abandoned at ${iso(T0)}; 3 steps planned`,
        amount_cents: null,
      },
    ]);
  });

  it("leaves the plan it was given untouched", () => {
    const plan = frozen(structuredClone(PLAN));
    const s = startSequence({ id: "seq_2", store_id: "store_1", cart: cart(), plan, origin: "https://reva.example.com", now: STARTED });
    expect(plan).toEqual(PLAN);
    expect(s.steps[0]).not.toBe(plan[0]);
  });
});

describe("timeline and versions", () => {
  it("numbers events seqid:000001, 000002, … in order and bumps the version once per change", () => {
    const states = [start()];
    const changes: ((s: SequenceState) => SequenceState)[] = [
      (s) => makePopupEligible(s, "popup_1h", T0 + HOUR),
      (s) => recordPopupShown(s, "popup_1h", T0 + HOUR + MINUTE),
      (s) => applyEmailDecision(s, "email_2h", { action: "send" }, T0 + 2 * HOUR),
    ];
    for (const next of changes) states.push(then(states.at(-1) as SequenceState, next));
    const last = states.at(-1) as SequenceState;

    expect(states.map((s) => s.version)).toEqual([1, 2, 3, 4]);
    // popup_eligible; sequence_reached + popup_shown; email_queued.
    expect(last.unprojected.map((e) => [e.id, e.type])).toEqual([
      ["seq_1:000001", "sequence_started"],
      ["seq_1:000002", "popup_eligible"],
      ["seq_1:000003", "sequence_reached"],
      ["seq_1:000004", "popup_shown"],
      ["seq_1:000005", "email_queued"],
    ]);
    expect(last.event_count).toBe(5);
    // Each earlier state still holds only its own events: nothing was changed in place.
    expect(states.map((s) => s.unprojected.length)).toEqual([1, 2, 4, 5]);
  });

  it("keeps counting from event_count once the projected events are cleared", () => {
    const projected = frozen({ ...start(), unprojected: [] });
    const s = then(projected, (x) => pauseSequence(x, STARTED + MINUTE));
    expect(s.unprojected.map((e) => e.id)).toEqual(["seq_1:000002"]);
  });
});

describe("recordCartActivity", () => {
  it("ignores a cart older than the one it has (same state back)", () => {
    const s = start();
    expect(recordCartActivity(s, cart({ updated_at: iso(T0 - MINUTE), total_price: "1.00" }), STARTED)).toBe(s);
  });

  it("restarts the abandonment clock on newer activity before the first step", () => {
    const s = start();
    const later = T0 + 30 * MINUTE;
    const next = then(s, (x) => recordCartActivity(x, cart({ updated_at: iso(later), total_price: "50.00" }), later + MINUTE));
    expect(next.cart.total_price).toBe("50.00");
    expect(next.steps.map((x) => x.scheduled_at)).toEqual([iso(later + HOUR), iso(later + 2 * HOUR), iso(later + DAY)]);
    expect(lastEvent(next)).toMatchObject({ type: "abandonment_clock_restarted", detail: `cart active again at ${iso(later)}`, at: iso(later + MINUTE) });
    expect(next.version).toBe(2);
  });

  it("takes a cart with the same timestamp without restarting or recording anything", () => {
    const s = start();
    const next = then(s, (x) => recordCartActivity(x, cart({ first_name: "Annie" }), STARTED + MINUTE));
    expect(next.cart.first_name).toBe("Annie");
    expect(next.steps.map((x) => x.scheduled_at)).toEqual(s.steps.map((x) => x.scheduled_at));
    expect(next.unprojected).toEqual(s.unprojected);
    expect(next.version).toBe(2);
  });

  it("returns the same state for the very cart it holds (a redelivered webhook), even one that names no visitor", () => {
    const bound = then(start(), (x) => linkVisitor(x, "v_owner", "123.456"));
    expect(recordCartActivity(bound, structuredClone(bound.cart), STARTED + MINUTE)).toBe(bound);
    expect(recordCartActivity(bound, { ...bound.cart, visitor_id: null, ga_client_id: null }, STARTED + MINUTE)).toBe(bound);
  });

  it("keeps the visitor the cart is bound to when an update (a Shopify checkout's) names none", () => {
    const bound = then(start(), (x) => linkVisitor(x, "v_owner", "123.456"));
    const next = then(bound, (x) => recordCartActivity(x, cart({ total_price: "5.00", visitor_id: null, ga_client_id: null }), STARTED + MINUTE));
    expect(next.cart).toMatchObject({ total_price: "5.00", visitor_id: "v_owner", ga_client_id: "123.456" });
    const rebound = then(next, (x) => recordCartActivity(x, cart({ visitor_id: "v_new" }), STARTED + 2 * MINUTE));
    expect(rebound.cart.visitor_id).toBe("v_new");
  });

  it("only updates the cart once a step has run or been queued", () => {
    const later = T0 + 90 * MINUTE;
    const newer = cart({ updated_at: iso(later), total_price: "60.00" });
    const afterPopup = then(start(), (x) => makePopupEligible(x, "popup_1h", T0 + HOUR));
    const queuedOnly = then(start(), (x) => applyEmailDecision(x, "email_2h", { action: "send" }, T0 + 2 * HOUR));
    for (const s of [afterPopup, queuedOnly]) {
      const next = then(s, (x) => recordCartActivity(x, newer, later));
      expect(next.cart.total_price).toBe("60.00");
      expect(next.steps.map((x) => x.scheduled_at)).toEqual(s.steps.map((x) => x.scheduled_at));
      expect(eventTypes(next)).not.toContain("abandonment_clock_restarted");
    }
  });

  it("does not restart a sequence that is no longer live", () => {
    const stopped = then(start(), (x) => stopSequence(x, "merchant", STARTED + MINUTE));
    const later = T0 + 30 * MINUTE;
    const next = then(stopped, (x) => recordCartActivity(x, cart({ updated_at: iso(later) }), later));
    expect(next.status).toBe("stopped");
    expect(next.cart.updated_at).toBe(iso(later));
    expect(eventTypes(next)).not.toContain("abandonment_clock_restarted");
  });
});

describe("linkVisitor", () => {
  it("links the storefront visitor without touching the clock or the timeline", () => {
    const s = then(start(), (x) => linkVisitor(x, "v_1", "GA1.1.123"));
    expect(s.cart).toMatchObject({ visitor_id: "v_1", ga_client_id: "GA1.1.123", updated_at: iso(T0) });
    expect(s.steps.map((x) => x.scheduled_at)).toEqual(start().steps.map((x) => x.scheduled_at));
    expect(s.unprojected).toHaveLength(1);
    expect(s.version).toBe(2);
  });

  it("keeps a known GA client id when none comes with the visitor", () => {
    const s = then(start([], { ga_client_id: "GA1.1.old" }), (x) => linkVisitor(x, "v_2", null));
    expect(s.cart).toMatchObject({ visitor_id: "v_2", ga_client_id: "GA1.1.old" });
  });
});

describe("dueSteps and nextWakeAt", () => {
  it("return the steps whose time has come, in plan order, and the earliest one still waiting", () => {
    const s = start();
    expect(dueSteps(s, T0 + HOUR - 1)).toEqual([]);
    expect(dueSteps(s, T0 + HOUR).map((x) => x.id)).toEqual(["popup_1h"]);
    expect(dueSteps(s, T0 + DAY).map((x) => x.id)).toEqual(["popup_1h", "email_2h", "email_24h"]);
    expect(nextWakeAt(s)).toBe(T0 + HOUR);
  });

  it("leave out steps that ran or are queued", () => {
    let s = then(start(), (x) => makePopupEligible(x, "popup_1h", T0 + HOUR));
    expect(nextWakeAt(s)).toBe(T0 + 2 * HOUR);
    s = then(s, (x) => applyEmailDecision(x, "email_2h", { action: "send" }, T0 + 2 * HOUR));
    expect(dueSteps(s, T0 + DAY).map((x) => x.id)).toEqual(["email_24h"]);
    expect(nextWakeAt(s)).toBe(T0 + DAY);
  });

  it("are empty and null unless the sequence is active, or when nothing is left", () => {
    const paused = then(start(), (x) => pauseSequence(x, STARTED));
    expect(dueSteps(paused, T0 + DAY)).toEqual([]);
    expect(nextWakeAt(paused)).toBeNull();
    const single = then(start([PLAN[0] as Step]), (x) => makePopupEligible(x, "popup_1h", T0 + HOUR));
    expect(single.status).toBe("completed");
    expect(nextWakeAt(single)).toBeNull();
  });
});

describe("makePopupEligible", () => {
  it("marks the popup step sent and records that the widget may show it", () => {
    const s = then(start(), (x) => makePopupEligible(x, "popup_1h", T0 + HOUR));
    expect(step(s, "popup_1h")).toMatchObject({ status: "sent", executed_at: iso(T0 + HOUR), reason: "eligible for the on-site popup" });
    expect(lastEvent(s)).toMatchObject({ id: "seq_1:000002", type: "popup_eligible", step: "popup_1h", at: iso(T0 + HOUR) });
    expect(s.status).toBe("active");
    expect(s.last_touch).toBeNull();
  });

  it("completes the sequence when it was the last step", () => {
    const s = then(start([PLAN[0] as Step]), (x) => makePopupEligible(x, "popup_1h", T0 + HOUR));
    expect(s.status).toBe("completed");
    expect(eventTypes(s)).toEqual(["sequence_started", "popup_eligible", "sequence_completed"]);
  });

  it("refuses a step that is not in the plan", () => {
    expect(() => makePopupEligible(start(), "nope", T0)).toThrow(/nope/);
  });
});

describe("applyEmailDecision", () => {
  it("send: queues the step (still scheduled) so it is neither due nor woken for again", () => {
    const s = then(start(), (x) => applyEmailDecision(x, "email_2h", { action: "send" }, T0 + 2 * HOUR));
    expect(step(s, "email_2h")).toMatchObject({ status: "scheduled", queued: true, reason: "queued for sending", executed_at: null });
    expect(lastEvent(s)).toMatchObject({ type: "email_queued", step: "email_2h", detail: "to ann@example.com" });
    expect(dueSteps(s, T0 + 2 * HOUR).map((x) => x.id)).toEqual(["popup_1h"]);
  });

  it("skip: settles the step with the reason and completes the sequence after the last step", () => {
    const s = then(start([PLAN[1] as Step]), (x) => applyEmailDecision(x, "email_2h", { action: "skip", reason: "no marketing consent" }, T0 + 2 * HOUR));
    expect(step(s, "email_2h")).toMatchObject({ status: "skipped", queued: false, executed_at: iso(T0 + 2 * HOUR), reason: "no marketing consent" });
    expect(s.unprojected.slice(1).map((e) => [e.type, e.detail])).toEqual([
      ["email_skipped", "no marketing consent"],
      ["sequence_completed", "every step has run"],
    ]);
    expect(s.status).toBe("completed");
  });

  it("defer: moves the step to the new time, which becomes the next wake-up", () => {
    const until = T0 + 5 * HOUR;
    const queued = then(start(), (x) => applyEmailDecision(x, "email_2h", { action: "send" }, T0 + 2 * HOUR));
    const s = then(queued, (x) => applyEmailDecision(x, "email_2h", { action: "defer", until, reason: "quiet hours" }, T0 + 2 * HOUR));
    expect(step(s, "email_2h")).toMatchObject({ status: "scheduled", queued: false, scheduled_at: iso(until), reason: "quiet hours" });
    expect(lastEvent(s)).toMatchObject({ type: "email_deferred", detail: `quiet hours; now due ${iso(until)}` });
    expect(dueSteps(s, until - 1).map((x) => x.id)).toEqual(["popup_1h"]);
    expect(dueSteps(s, until).map((x) => x.id)).toEqual(["popup_1h", "email_2h"]);
    expect(s.status).toBe("active");
  });
});

describe("queuedEmailBlocker", () => {
  const queued = () => then(start(), (x) => applyEmailDecision(x, "email_2h", { action: "send" }, T0 + 2 * HOUR));

  it("lets a queued email of an active sequence go", () => {
    expect(queuedEmailBlocker(queued(), "email_2h")).toBeNull();
  });

  it("names what stops it otherwise", () => {
    const s = queued();
    expect(queuedEmailBlocker(s, "nope")).toBe("unknown step");
    expect(queuedEmailBlocker(s, "email_24h")).toBe("step is scheduled");
    expect(queuedEmailBlocker(then(s, (x) => pauseSequence(x, T0 + 2 * HOUR)), "email_2h")).toBe("sequence is paused");
    expect(queuedEmailBlocker(then(s, (x) => confirmEmailSent(x, "email_2h", "sent", T0 + 2 * HOUR)), "email_2h")).toBe("already sent");
    expect(queuedEmailBlocker(then(s, (x) => stopSequence(x, "unsubscribed", T0 + 2 * HOUR)), "email_2h")).toBe("step is skipped");
    expect(queuedEmailBlocker(then(s, (x) => settleUnsentEmail(x, "email_2h", "failed", "422", T0 + 2 * HOUR)), "email_2h")).toBe("step is failed");
  });
});

describe("confirmEmailSent", () => {
  it("marks the step sent and records the first Reva touch before the send", () => {
    const s = touchedByEmail();
    const at = T0 + 2 * HOUR + SECOND;
    expect(step(s, "email_2h")).toMatchObject({ status: "sent", queued: false, executed_at: iso(at), reason: null });
    expect(s.last_touch).toEqual({ at: iso(at), step: "email_2h" });
    expect(s.unprojected.slice(-2).map((e) => [e.type, e.step, e.detail])).toEqual([
      ["sequence_reached", "email_2h", "first Reva touch: email_2h"],
      ["email_sent", "email_2h", "sent via Resend"],
    ]);
  });

  it("is idempotent: a second confirmation returns the same state", () => {
    const s = touchedByEmail();
    expect(confirmEmailSent(s, "email_2h", "sent again", T0 + 3 * HOUR)).toBe(s);
  });

  it("records sequence_reached only for the first touch, and completes after the last step", () => {
    let s = touchedByEmail();
    s = then(s, (x) => applyEmailDecision(x, "email_24h", { action: "send" }, T0 + DAY));
    s = then(s, (x) => confirmEmailSent(x, "email_24h", "sent via Resend", T0 + DAY + SECOND));
    expect(eventTypes(s).filter((t) => t === "sequence_reached")).toHaveLength(1);
    expect(s.last_touch).toEqual({ at: iso(T0 + DAY + SECOND), step: "email_24h" });
    expect(s.status).toBe("completed");
    expect(lastEvent(s)?.type).toBe("sequence_completed");
  });
});

describe("settleUnsentEmail", () => {
  const queued = () => then(start(), (x) => applyEmailDecision(x, "email_2h", { action: "send" }, T0 + 2 * HOUR));

  it("fails a queued email for good", () => {
    const s = then(queued(), (x) => settleUnsentEmail(x, "email_2h", "failed", "Resend said 422", T0 + 2 * HOUR + MINUTE));
    expect(step(s, "email_2h")).toMatchObject({ status: "failed", queued: false, executed_at: iso(T0 + 2 * HOUR + MINUTE), reason: "Resend said 422" });
    expect(lastEvent(s)).toMatchObject({ type: "email_failed", step: "email_2h", detail: "Resend said 422" });
    expect(s.last_touch).toBeNull();
  });

  it("skips a queued email for a coordinator reason", () => {
    const s = then(queued(), (x) => settleUnsentEmail(x, "email_2h", "skipped", "address suppressed (bounced)", T0 + 2 * HOUR));
    expect(step(s, "email_2h").status).toBe("skipped");
    expect(lastEvent(s)).toMatchObject({ type: "email_skipped", detail: "address suppressed (bounced)" });
  });

  it("leaves a step that already ended alone", () => {
    const s = touchedByEmail();
    expect(settleUnsentEmail(s, "email_2h", "failed", "late failure", T0 + 3 * HOUR)).toBe(s);
  });

  it("completes the sequence when it settles the last step", () => {
    let s = start([PLAN[1] as Step]);
    s = then(s, (x) => applyEmailDecision(x, "email_2h", { action: "send" }, T0 + 2 * HOUR));
    s = then(s, (x) => settleUnsentEmail(x, "email_2h", "failed", "gone", T0 + 2 * HOUR));
    expect(s.status).toBe("completed");
    expect(eventTypes(s).slice(-2)).toEqual(["email_failed", "sequence_completed"]);
  });
});

describe("popup events", () => {
  it("recordPopupShown is a Reva touch: sequence_reached the first time only", () => {
    let s = then(start(), (x) => makePopupEligible(x, "popup_1h", T0 + HOUR));
    s = then(s, (x) => recordPopupShown(x, "popup_1h", T0 + HOUR + MINUTE));
    expect(s.last_touch).toEqual({ at: iso(T0 + HOUR + MINUTE), step: "popup_1h" });
    expect(eventTypes(s).slice(-2)).toEqual(["sequence_reached", "popup_shown"]);
    s = then(s, (x) => recordPopupShown(x, "popup_1h", T0 + 2 * HOUR));
    expect(eventTypes(s).slice(-2)).toEqual(["popup_shown", "popup_shown"]);
    expect(s.last_touch).toEqual({ at: iso(T0 + 2 * HOUR), step: "popup_1h" });
  });

  it("recordPopupResponse records a click or a dismissal, which is not a touch", () => {
    const eligible = then(start(), (x) => makePopupEligible(x, "popup_1h", T0 + HOUR));
    const clicked = then(eligible, (x) => recordPopupResponse(x, "popup_1h", "clicked", T0 + HOUR));
    const dismissed = then(eligible, (x) => recordPopupResponse(x, "popup_1h", "dismissed", T0 + HOUR));
    expect(lastEvent(clicked)).toMatchObject({ type: "popup_clicked", step: "popup_1h", detail: "the shopper clicked the popup" });
    expect(lastEvent(dismissed)).toMatchObject({ type: "popup_dismissed", step: "popup_1h", detail: "the shopper dismissed the popup" });
    expect(clicked.last_touch).toBeNull();
  });
});

describe("recordPopupEvent (what the storefront reports)", () => {
  it("is ignored until the popup step has come due", () => {
    const s = start();
    expect(popupIsDue(s.steps)).toBe(false);
    expect(recordPopupEvent(s, "shown", "v_1", T0 + MINUTE)).toBe(s);
  });

  it("applies shown, clicked and dismissed to the popup step that came due", () => {
    let s = then(start(), (x) => makePopupEligible(x, "popup_1h", T0 + HOUR));
    expect(popupIsDue(s.steps)).toBe(true);
    s = then(s, (x) => recordPopupEvent(x, "shown", "v_1", T0 + HOUR + MINUTE));
    s = then(s, (x) => recordPopupEvent(x, "clicked", "v_1", T0 + HOUR + 2 * MINUTE));
    s = then(s, (x) => recordPopupEvent(x, "dismissed", "v_1", T0 + HOUR + 3 * MINUTE));
    expect(s.unprojected.slice(-4).map((e) => [e.type, e.step])).toEqual([
      ["sequence_reached", "popup_1h"],
      ["popup_shown", "popup_1h"],
      ["popup_clicked", "popup_1h"],
      ["popup_dismissed", "popup_1h"],
    ]);
    expect(s.last_touch?.step).toBe("popup_1h");
  });

  it("counts each event once per step and visitor: a replayed shown neither adds an impression nor moves the last touch", () => {
    let s = then(start(), (x) => makePopupEligible(x, "popup_1h", T0 + HOUR));
    s = then(s, (x) => recordPopupEvent(x, "shown", "v_1", T0 + HOUR + MINUTE));
    s = then(s, (x) => recordPopupEvent(x, "dismissed", "v_1", T0 + HOUR + 2 * MINUTE));
    expect(recordPopupEvent(s, "shown", "v_1", T0 + 3 * HOUR)).toBe(s);
    expect(s.last_touch).toEqual({ at: iso(T0 + HOUR + MINUTE), step: "popup_1h" });
    const other = then(s, (x) => recordPopupEvent(x, "shown", "v_2", T0 + 3 * HOUR));
    expect(eventTypes(other).filter((type) => type === "popup_shown")).toHaveLength(2);
    // A repeated dismissal is not counted again, but it restarts the snooze.
    const again = recordPopupEvent(s, "dismissed", "v_1", T0 + 3 * HOUR);
    expect(eventTypes(again).filter((type) => type === "popup_dismissed")).toHaveLength(1);
    expect(again.popup_dismissed_at).toBe(iso(T0 + 3 * HOUR));
  });

  it("snoozes the popup for dismiss_hours after the last dismissal, on the cart rather than the browser", () => {
    let s = then(start(), (x) => makePopupEligible(x, "popup_1h", T0 + HOUR));
    expect(popupSnoozed(s, 24, T0 + HOUR)).toBe(false);
    s = then(s, (x) => recordPopupEvent(x, "dismissed", "v_1", T0 + 2 * HOUR));
    expect(popupSnoozed(s, 24, T0 + 2 * HOUR + 23 * HOUR)).toBe(true);
    expect(popupSnoozed(s, 24, T0 + 2 * HOUR + 24 * HOUR)).toBe(false);
    expect(popupSnoozed(s, 0, T0 + 2 * HOUR)).toBe(false);
  });
});

describe("currentStepId", () => {
  it("is the first step still scheduled, and null once none is", () => {
    let s = start();
    expect(currentStepId(s.steps)).toBe("popup_1h");
    s = then(s, (x) => makePopupEligible(x, "popup_1h", T0 + HOUR));
    expect(currentStepId(s.steps)).toBe("email_2h");
    s = then(s, (x) => stopSequence(x, "merchant", T0 + HOUR));
    expect(currentStepId(s.steps)).toBeNull();
  });
});

describe("recordEmailEvent", () => {
  it("records only the first occurrence of each event type per step", () => {
    let s = touchedByEmail();
    s = then(s, (x) => recordEmailEvent(x, "email_2h", "email_opened", "opened", T0 + 3 * HOUR));
    expect(lastEvent(s)).toMatchObject({ type: "email_opened", step: "email_2h", detail: "opened", at: iso(T0 + 3 * HOUR) });
    expect(s.seen_events).toEqual(["email_opened:email_2h"]);

    expect(recordEmailEvent(s, "email_2h", "email_opened", "opened again", T0 + 4 * HOUR)).toBe(s);

    s = then(s, (x) => recordEmailEvent(x, "email_2h", "email_clicked", "clicked", T0 + 4 * HOUR));
    s = then(s, (x) => recordEmailEvent(x, "email_24h", "email_opened", "opened", T0 + 4 * HOUR));
    expect(s.seen_events).toEqual(["email_opened:email_2h", "email_clicked:email_2h", "email_opened:email_24h"]);
    expect(eventTypes(s).filter((t) => t === "email_opened")).toHaveLength(2);
  });
});

describe("stopSequence, pauseSequence, resumeSequence", () => {
  it("stop skips every step still scheduled, keeps what ran, and records the reason", () => {
    let s = then(start(), (x) => makePopupEligible(x, "popup_1h", T0 + HOUR));
    s = then(s, (x) => stopSequence(x, "stopped by the merchant", T0 + 90 * MINUTE));
    expect(s).toMatchObject({ status: "stopped", stopped_reason: "stopped by the merchant" });
    expect(s.steps.map((x) => [x.id, x.status, x.reason])).toEqual([
      ["popup_1h", "sent", "eligible for the on-site popup"],
      ["email_2h", "skipped", "sequence stopped: stopped by the merchant"],
      ["email_24h", "skipped", "sequence stopped: stopped by the merchant"],
    ]);
    expect(step(s, "email_2h").executed_at).toBe(iso(T0 + 90 * MINUTE));
    expect(lastEvent(s)).toMatchObject({ type: "sequence_stopped", detail: "stopped by the merchant", step: null });
    expect(nextWakeAt(s)).toBeNull();
  });

  it("stop applies to paused sequences but not to ended ones", () => {
    const paused = then(start(), (x) => pauseSequence(x, STARTED));
    expect(then(paused, (x) => stopSequence(x, "unsubscribed", STARTED)).status).toBe("stopped");
    const stopped = then(start(), (x) => stopSequence(x, "first", STARTED));
    expect(stopSequence(stopped, "second", STARTED)).toBe(stopped);
    const completed = then(start([PLAN[0] as Step]), (x) => makePopupEligible(x, "popup_1h", T0 + HOUR));
    expect(stopSequence(completed, "late", T0 + 2 * HOUR)).toBe(completed);
  });

  it("pause holds an active sequence; pausing anything else changes nothing", () => {
    const paused = then(start(), (x) => pauseSequence(x, STARTED + MINUTE));
    expect(paused.status).toBe("paused");
    expect(lastEvent(paused)).toMatchObject({ type: "sequence_paused", detail: "paused by the merchant" });
    expect(pauseSequence(paused, STARTED + 2 * MINUTE)).toBe(paused);
    const stopped = then(start(), (x) => stopSequence(x, "merchant", STARTED));
    expect(pauseSequence(stopped, STARTED)).toBe(stopped);
  });

  it("resume makes steps that fell due while paused due at once", () => {
    const paused = then(start(), (x) => pauseSequence(x, STARTED + MINUTE));
    const resumed = then(paused, (x) => resumeSequence(x, T0 + 3 * HOUR));
    expect(resumed.status).toBe("active");
    expect(lastEvent(resumed)).toMatchObject({ type: "sequence_resumed", at: iso(T0 + 3 * HOUR) });
    expect(dueSteps(resumed, T0 + 3 * HOUR).map((x) => x.id)).toEqual(["popup_1h", "email_2h"]);
    expect(resumeSequence(resumed, T0 + 3 * HOUR)).toBe(resumed);
  });

  it("resume completes a sequence whose last step ended while it was paused", () => {
    let s = start([PLAN[1] as Step]);
    s = then(s, (x) => applyEmailDecision(x, "email_2h", { action: "send" }, T0 + 2 * HOUR));
    s = then(s, (x) => pauseSequence(x, T0 + 2 * HOUR));
    s = then(s, (x) => confirmEmailSent(x, "email_2h", "sent", T0 + 2 * HOUR + SECOND));
    expect(s.status).toBe("paused");
    s = then(s, (x) => resumeSequence(x, T0 + 3 * HOUR));
    expect(s.status).toBe("completed");
    expect(eventTypes(s).slice(-2)).toEqual(["sequence_resumed", "sequence_completed"]);
  });
});

describe("recordOrder", () => {
  const touchAt = T0 + 2 * HOUR + SECOND;

  it("recovers the sequence for an order within the window after a touch, with the amount in cents", () => {
    const s = then(touchedByEmail(), (x) => recordOrder(x, order({ created_at: iso(touchAt + DAY) }), 7, touchAt + DAY + SECOND));
    expect(s).toMatchObject({ status: "recovered", recovered_order_id: "1001", stopped_reason: "order_placed" });
    expect(lastEvent(s)).toMatchObject({
      type: "sequence_recovered",
      step: "email_2h",
      detail: "order 1001 (42.50 USD) after email_2h",
      amount_cents: 4250,
      at: iso(touchAt + DAY + SECOND),
    });
    expect(step(s, "email_24h")).toMatchObject({ status: "skipped", reason: "cart converted" });
    expect(step(s, "email_2h").status).toBe("sent");
  });

  it("counts an order exactly at the end of the window, not one millisecond later", () => {
    const atEdge = recordOrder(touchedByEmail(), order({ created_at: iso(touchAt + 7 * DAY) }), 7, touchAt + 7 * DAY);
    expect(atEdge.status).toBe("recovered");
    const past = recordOrder(touchedByEmail(), order({ created_at: iso(touchAt + 7 * DAY + 1) }), 7, touchAt + 7 * DAY);
    expect(past).toMatchObject({ status: "stopped", recovered_order_id: null });
  });

  it("stops without recovery when there was no Reva touch", () => {
    const s = then(start(), (x) => recordOrder(x, order(), 7, T0 + 3 * HOUR));
    expect(s).toMatchObject({ status: "stopped", stopped_reason: "order_placed", recovered_order_id: null });
    expect(lastEvent(s)).toMatchObject({
      type: "sequence_stopped",
      detail: "order 1001 placed without a Reva touch in the window",
      amount_cents: null,
    });
    expect(s.steps.every((x) => x.status === "skipped" && x.reason === "cart converted")).toBe(true);
    expect(eventTypes(s)).not.toContain("sequence_recovered");
  });

  it("does not attribute an order placed before the touch", () => {
    const s = recordOrder(touchedByEmail(), order({ created_at: iso(touchAt - MINUTE) }), 7, touchAt + MINUTE);
    expect(s.status).toBe("stopped");
  });

  it("recovers a completed sequence within the window, but leaves it alone outside it", () => {
    let done = touchedByEmail();
    done = then(done, (x) => applyEmailDecision(x, "email_24h", { action: "skip", reason: "no consent" }, T0 + DAY));
    expect(done.status).toBe("completed");
    expect(then(done, (x) => recordOrder(x, order({ created_at: iso(T0 + 2 * DAY) }), 7, T0 + 2 * DAY)).status).toBe("recovered");
    expect(recordOrder(done, order({ created_at: iso(T0 + 30 * DAY) }), 7, T0 + 30 * DAY)).toBe(done);
  });

  it("ignores a second order, whether the first recovered or stopped the sequence", () => {
    const recovered = then(touchedByEmail(), (x) => recordOrder(x, order({ created_at: iso(touchAt + HOUR) }), 7, touchAt + HOUR));
    expect(recordOrder(recovered, order({ order_id: "1002", created_at: iso(touchAt + 2 * HOUR) }), 7, touchAt + 2 * HOUR)).toBe(recovered);
    const stopped = then(start(), (x) => recordOrder(x, order(), 7, T0 + 3 * HOUR));
    expect(recordOrder(stopped, order({ order_id: "1002" }), 7, T0 + 4 * HOUR)).toBe(stopped);
  });
});

describe("coordinator facts (sendFactsFor, historySince)", () => {
  const settings = coordinatorSettings();
  const NOW = T0 + 2 * HOUR;

  it("historySince reaches back one cap window; today is the store's own calendar day", () => {
    expect(historySince(24, Date.parse("2026-11-25T01:30:00.000Z"))).toBe("2026-11-24T01:30:00.000Z");
    expect(localDay(Date.parse("2026-11-25T01:30:00.000Z"), "UTC")).toBe("2026-11-25");
    expect(historySince(1, Date.parse("2026-01-01T00:15:00.000Z"))).toBe("2025-12-31T23:15:00.000Z");
    expect(localDay(Date.parse("2026-01-01T00:15:00.000Z"), "UTC")).toBe("2026-01-01");
    expect(localDay(Date.parse("2026-01-01T00:15:00.000Z"), "America/Los_Angeles")).toBe("2025-12-31");
  });

  it("takes the cart and the shopper's standing into the facts", () => {
    const sender = { verdict: { state: "paused" as const, reason: "Deliverability guard: complaint rate 0.41 % over 24 h" }, warmUp: { domain: "shop.example", cap: 200 } };
    const history: ShopperHistory = { email: "ann@example.com", suppression: "bounced", sends: [], emailsSentToday: 3, sender };
    const s = start([PLAN[1] as Step], { accepts_marketing: false });
    expect(sendFactsFor(s, "email_2h", history, settings, NOW)).toEqual({
      now: NOW,
      sequenceStatus: "active",
      email: "ann@example.com",
      cartIsEmpty: false,
      acceptsMarketing: false,
      suppression: "bounced",
      recentEmailTimes: [],
      emailsSentToday: 3,
      sender,
      klaviyo: null,
      // The last step: a failing integration may hold it back an hour past its planned time.
      holdUntil: NOW + HOUR,
      settings,
    });
    const empty = start([PLAN[1] as Step], { items: [], customer_email: null });
    expect(sendFactsFor(empty, "email_2h", null, settings, NOW)).toMatchObject({ email: null, cartIsEmpty: true, suppression: null, emailsSentToday: 0, sender: UNGUARDED });
  });

  it("counts other sends oldest first, leaves out this step's own send, and counts other queued steps as sent now", () => {
    let s = start();
    s = then(s, (x) => applyEmailDecision(x, "email_2h", { action: "send" }, NOW));
    s = then(s, (x) => applyEmailDecision(x, "email_24h", { action: "send" }, NOW));
    const history: ShopperHistory = {
      email: "ann@example.com",
      suppression: null,
      emailsSentToday: 2,
      sender: UNGUARDED,
      sends: [
        { at: NOW - HOUR, sequenceId: "seq_1", stepId: "email_2h" }, // this very step: a redelivery
        { at: NOW - 3 * HOUR, sequenceId: "seq_other", stepId: "email_2h" },
        { at: NOW - 10 * HOUR, sequenceId: "seq_other", stepId: "email_24h" },
      ],
    };
    expect(sendFactsFor(s, "email_2h", history, settings, NOW).recentEmailTimes).toEqual([NOW - 10 * HOUR, NOW - 3 * HOUR, NOW]);
  });

  it("so of two steps due together, the second one is deferred by a cap of one", () => {
    let s = then(start(), (x) => applyEmailDecision(x, "email_2h", { action: "send" }, NOW));
    expect(decideEmail(sendFactsFor(s, "email_2h", null, settings, NOW))).toEqual({ action: "send" });
    expect(decideEmail(sendFactsFor(s, "email_24h", null, settings, NOW))).toMatchObject({ action: "defer", until: NOW + DAY });
    s = then(s, (x) => confirmEmailSent(x, "email_2h", "sent", NOW));
    expect(sendFactsFor(s, "email_24h", null, settings, NOW).recentEmailTimes).toEqual([]);
  });
});

describe("orders awaiting payment, other carts, refunds", () => {
  const orderAt = T0 + 3 * HOUR;

  it("an unpaid order stops the emails without recovering; its payment recovers the sequence once", () => {
    const pending = then(touchedByEmail(), (x) => recordOrder(x, order({ paid: false }), 7, orderAt));
    expect(pending).toMatchObject({ status: "stopped", recovered_order_id: null });
    expect(step(pending, "email_24h").status).toBe("skipped");
    expect(lastEvent(pending)?.detail).toBe("order 1001 placed, awaiting payment: no more emails");
    const paid = then(pending, (x) => recordOrder(x, order(), 7, orderAt + HOUR));
    expect(paid).toMatchObject({ status: "recovered", recovered_order_id: "1001", recovered_cents: 4250 });
    expect(recordOrder(paid, order(), 7, orderAt + 2 * HOUR)).toBe(paid);
  });

  it("a payment for an order that was never attributed leaves a stopped sequence as it is", () => {
    const stopped = then(start(), (x) => recordOrder(x, order({ paid: false }), 7, orderAt));
    expect(recordOrder(stopped, order(), 7, orderAt + HOUR)).toBe(stopped);
  });

  it("stopForShopperOrder stops a live sequence with the order named, and leaves an ended one alone", () => {
    const s = then(start(), (x) => stopForShopperOrder(x, { order_id: "9" }, orderAt));
    expect(s).toMatchObject({ status: "stopped", stopped_reason: "order_placed", recovered_order_id: null });
    expect(s.steps.every((x) => x.status === "skipped")).toBe(true);
    expect(lastEvent(s)?.detail).toBe("the shopper placed order 9 on another cart: no more emails");
    expect(stopForShopperOrder(s, { order_id: "10" }, orderAt)).toBe(s);
  });

  it("recordRefund takes each refund id once, only for the recovered order, never below zero", () => {
    const recovered = then(touchedByEmail(), (x) => recordOrder(x, order(), 7, orderAt));
    const refund = { order_id: "1001", refund_id: "r1", amount_cents: 1000, currency: "USD" };
    const once = then(recovered, (x) => recordRefund(x, refund, orderAt + HOUR));
    expect(lastEvent(once)).toMatchObject({ type: "order_refunded", amount_cents: 1000, step: "email_2h", detail: "refund r1 of 10.00 USD on order 1001" });
    expect(recordRefund(once, refund, orderAt + 2 * HOUR)).toBe(once);
    expect(recordRefund(once, { ...refund, refund_id: "r2", order_id: "other" }, orderAt)).toBe(once);
    const rest = recordRefund(once, { ...refund, refund_id: "r3", amount_cents: 999_999 }, orderAt);
    expect(lastEvent(rest)?.amount_cents).toBe(3250);
    expect(rest.refunded_cents).toBe(4250);
  });
});

import { describe, expect, it } from "vitest";
import {
  applyEmailDecision,
  collapseOverdueEmails,
  confirmEmailSent,
  makePopupEligible,
  nextWakeAt,
  pauseSequence,
  popupIsDue,
  recordOrder,
  recordPopupEvent,
  recordPopupShown,
  recordRefund,
  resumeSequence,
  startSequence,
  stopForShopperOrder,
  stopSequence,
  type SequenceState,
} from "../../worker/domain/sequence";
import type { Step } from "../../worker/domain/steps";
import { iso, T0, testCart, testOrder } from "./fixtures";

const HOUR = 3_600_000;

const EMAILS: Step[] = [
  { id: "e1", channel: "email", delay_seconds: 3600 },
  { id: "e2", channel: "email", delay_seconds: 7200 },
  { id: "e3", channel: "email", delay_seconds: 10_800 },
  { id: "e4", channel: "email", delay_seconds: 14_400 },
];

const start = (plan: Step[] = EMAILS): SequenceState =>
  startSequence({ id: "seq_1", store_id: "store_1", cart: testCart(), plan, origin: "https://reva.test", now: T0 });
const step = (s: SequenceState, id: string) => s.steps.find((x) => x.id === id)!;
const last = (s: SequenceState) => s.unprojected.at(-1)!;

const order = testOrder;

describe("collapseOverdueEmails", () => {
  it("skips all but the latest due email, naming it, and moves the later steps to keep their intervals from now", () => {
    const now = T0 + 5 * HOUR;
    const s = collapseOverdueEmails(start(), ["e1", "e2", "e3"], now);
    expect(s.steps.map((x) => [x.id, x.status, x.reason])).toEqual([
      ["e1", "skipped", "overdue together with e3: only the latest due email is sent"],
      ["e2", "skipped", "overdue together with e3: only the latest due email is sent"],
      ["e3", "scheduled", null],
      ["e4", "scheduled", null],
    ]);
    expect(step(s, "e1").executed_at).toBe(iso(now));
    expect(step(s, "e4").scheduled_at).toBe(iso(now + HOUR));
    expect(step(s, "e3").scheduled_at).toBe(iso(T0 + 3 * HOUR));
    expect(s.unprojected.slice(1).map((e) => [e.type, e.step, e.detail])).toEqual([
      ["email_skipped", "e1", "overdue together with e3: only the latest due email is sent"],
      ["email_skipped", "e2", "overdue together with e3: only the latest due email is sent"],
      ["steps_rescheduled", null, `later steps keep their intervals from now: e4 at ${iso(now + HOUR)}`],
    ]);
  });

  it("changes nothing for one due email or none", () => {
    const s = start();
    expect(collapseOverdueEmails(s, ["e1"], T0 + HOUR)).toBe(s);
    expect(collapseOverdueEmails(s, [], T0 + HOUR)).toBe(s);
  });

  it("records no rescheduling when the latest due email is the last step, and leaves queued later steps alone", () => {
    const all = collapseOverdueEmails(start(), ["e3", "e4"], T0 + 5 * HOUR);
    expect(all.unprojected.map((e) => e.type)).toEqual(["sequence_started", "email_skipped"]);
    const queued = applyEmailDecision(start(), "e4", { action: "send" }, T0);
    const moved = collapseOverdueEmails(queued, ["e1", "e2"], T0 + 3 * HOUR);
    expect(step(moved, "e3").scheduled_at).toBe(iso(T0 + 4 * HOUR));
    expect(step(moved, "e4").scheduled_at).toBe(step(queued, "e4").scheduled_at);
    expect(last(moved).detail).toBe(`later steps keep their intervals from now: e3 at ${iso(T0 + 4 * HOUR)}`);
  });
});

describe("applyEmailDecision details", () => {
  it("a send with a note records it; a second send of a queued step queues nothing twice", () => {
    const once = applyEmailDecision(start(), "e1", { action: "send", note: "Klaviyo did not answer" }, T0 + HOUR);
    expect(once.unprojected.slice(1).map((e) => [e.type, e.detail])).toEqual([
      ["integration_unavailable", "Klaviyo did not answer"],
      ["email_queued", "to ann@example.com"],
    ]);
    const twice = applyEmailDecision(once, "e1", { action: "send" }, T0 + HOUR);
    expect(twice.unprojected.map((e) => e.type).filter((t) => t === "email_queued")).toHaveLength(1);
  });

  it("nextWakeAt is null while every remaining step is queued", () => {
    const s = applyEmailDecision(start([EMAILS[0]!]), "e1", { action: "send" }, T0 + HOUR);
    expect(s.status).toBe("active");
    expect(nextWakeAt(s)).toBeNull();
  });

  it("an unknown step is refused by name", () => {
    expect(() => applyEmailDecision(start(), "nope", { action: "send" }, T0)).toThrow("step nope is not in sequence seq_1");
  });
});

describe("popup details", () => {
  const emailThenPopup: Step[] = [
    { id: "e1", channel: "email", delay_seconds: 60 },
    { id: "popup", channel: "popup", delay_seconds: 3600 },
  ];
  const emailSent = () => confirmEmailSent(applyEmailDecision(start(emailThenPopup), "e1", { action: "send" }, T0), "e1", "sent", T0);

  it("a sent email is not a popup: the popup is not due and storefront events are ignored until it is", () => {
    const s = emailSent();
    expect(popupIsDue(s.steps)).toBe(false);
    expect(recordPopupEvent(s, "shown", "v_1", T0)).toBe(s);
    const due = makePopupEligible(s, "popup", T0 + HOUR);
    expect(popupIsDue(due.steps)).toBe(true);
    expect(due.unprojected.find((e) => e.type === "popup_eligible")?.detail).toBe("the widget may show the popup on the next visit");
    expect(last(recordPopupEvent(due, "shown", "v_1", T0 + HOUR)).detail).toBe("the shopper saw the on-site popup");
    expect(last(recordPopupShown(due, "popup", T0 + HOUR)).step).toBe("popup");
  });
});

describe("ending details", () => {
  it("stopping ends a queued step too, so the queue's claim refuses it", () => {
    const queued = applyEmailDecision(start(), "e1", { action: "send" }, T0 + HOUR);
    const stopped = stopSequence(queued, "merchant", T0 + HOUR);
    expect(step(stopped, "e1")).toMatchObject({ status: "skipped", queued: false, reason: "sequence stopped: merchant" });
  });

  it("resuming says who resumed; a shopper's other order names itself on every step", () => {
    const resumed = resumeSequence(pauseSequence(start(), T0), T0 + 1);
    expect(last(resumed)).toMatchObject({ type: "sequence_resumed", detail: "resumed by the merchant" });
    const other = stopForShopperOrder(start(), { order_id: "77" }, T0);
    expect(other.steps.map((x) => x.reason)).toEqual(Array(4).fill("the shopper bought on another cart"));
  });

  it("an order at the very instant of the touch is attributed to it", () => {
    const touched = confirmEmailSent(applyEmailDecision(start(), "e1", { action: "send" }, T0 + HOUR), "e1", "sent", T0 + HOUR);
    expect(recordOrder(touched, order({ created_at: iso(T0 + HOUR) }), 7, T0 + HOUR).status).toBe("recovered");
  });

  it("an unpaid order says it awaits payment; a refund keeps exactly its id", () => {
    const pending = recordOrder(start(), order({ paid: false }), 7, T0);
    expect(last(pending).detail).toBe("order 1001 placed, awaiting payment: no more emails");
    const touched = confirmEmailSent(applyEmailDecision(start(), "e1", { action: "send" }, T0 + HOUR), "e1", "sent", T0 + HOUR);
    const recovered = recordOrder(touched, order(), 7, T0 + 2 * HOUR);
    const refunded = recordRefund(recovered, { order_id: "1001", refund_id: "r1", amount_cents: 100, currency: "USD" }, T0 + 3 * HOUR);
    expect(refunded.refund_ids).toEqual(["r1"]);
  });
});

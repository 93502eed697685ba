// What the race suite holds the Worker to, as pure functions over what it saw: the answers to
// each stop, order and unsubscribe (with the fake Resend's count of accepted emails read just
// before the request and just after its answer), every email the fake accepted, and each
// sequence as the API shows it once everything has settled.

export const EMAIL_STEPS = ["email_2h", "email_24h", "email_48h", "email_72h"] as const;

export type StepView = { id: string; channel: string; status: string; reason?: string | null };
export type SequenceView = { id: string; status: string; steps: StepView[]; in_flight?: string[] };
export type SeenEmail = { seq: number; to: string[]; tags: { name: string; value: string }[] };

/** The acknowledgements after which no email may reach the address (but those declared in flight). */
const ENDINGS = ["stop", "order", "unsubscribe"];

export type Ack = {
  kind: "stop" | "order" | "unsubscribe" | "pause" | "resume";
  /** The fake's count of accepted emails just before the request went out and just after its answer came back. */
  markBefore: number;
  markAfter: number;
  /** The sequence as the answer showed it (stop, and the order's own cart), or null. */
  view: SequenceView | null;
  /** Steps the answer said were in flight (an email between its claim and Resend's answer); `*` for one of any step. */
  inFlight: string[];
  /** Where in the run it happened, for the report. */
  where: string;
};

export type RaceCart = { sequenceId: string; address: string; acks: Ack[]; final: SequenceView | null };

export const tagOf = (email: SeenEmail, name: string) => email.tags.find((t) => t.name === name)?.value;

/** The steps an answer reports in flight: the Sequence view's `in_flight` (step ids whose email may still go out). */
export const inFlightSteps = (view: SequenceView | null): string[] => (Array.isArray(view?.in_flight) ? view.in_flight : []);

/** One broken promise: which rule, and where. */
export type Violation = { rule: string; detail: string };

/** How many violations of each rule, and the first few in full: what a failing run prints. */
export function verdict(violations: Violation[], shown = 30) {
  const unique = [...new Map(violations.map((v) => [`${v.rule}: ${v.detail}`, v])).values()];
  const byRule: Record<string, number> = {};
  for (const v of unique) byRule[v.rule] = (byRule[v.rule] ?? 0) + 1;
  return { byRule, first: unique.slice(0, shown).map((v) => `${v.rule}: ${v.detail}`) };
}

/** Every broken promise about emails; an empty list is a pass. */
export function raceViolations(carts: RaceCart[], emails: SeenEmail[]): Violation[] {
  const violations: Violation[] = [];
  const broken = (rule: string, detail: string) => violations.push({ rule, detail });
  const bySequenceStep = Map.groupBy(emails, (email) => `${tagOf(email, "sequence_id")}/${tagOf(email, "step")}`);
  const byAddress = Map.groupBy(emails, (email) => email.to[0]!.toLowerCase());

  for (const cart of carts) {
    const mine = byAddress.get(cart.address.toLowerCase()) ?? [];
    const countOf = (step: string) => bySequenceStep.get(`${cart.sequenceId}/${step}`)?.length ?? 0;

    for (const step of EMAIL_STEPS) {
      if (countOf(step) > 1) broken("sent more than once", `${cart.sequenceId} ${step}: ${countOf(step)} emails reached ${cart.address}`);
    }

    // No email after an acknowledgement, but those it said were in flight (one each).
    for (const ack of cart.acks.filter((a) => ENDINGS.includes(a.kind))) {
      const after = mine.filter((email) => email.seq > ack.markAfter);
      const declared = (email: SeenEmail) => ack.inFlight.includes(tagOf(email, "step") ?? "") || ack.inFlight.includes("*");
      if (after.some((email) => !declared(email)) || after.length > ack.inFlight.length) {
        const steps = after.map((email) => `${tagOf(email, "step")}#${email.seq}`).join(", ");
        broken("email after acknowledgement", `${cart.sequenceId}: ${after.length} email(s) (${steps}) reached ${cart.address} after its ${ack.kind} was acknowledged (at #${ack.markAfter}, ${ack.where}${ack.inFlight.length ? `, in flight: ${ack.inFlight}` : ""})`);
      }
    }

    // Paused, nothing goes out until the resume but what the pause said was in flight.
    const pause = cart.acks.find((a) => a.kind === "pause");
    const resume = cart.acks.find((a) => a.kind === "resume");
    if (pause) {
      const during = mine.filter((email) => email.seq > pause.markAfter && (!resume || email.seq <= resume.markBefore));
      if (during.some((email) => !pause.inFlight.includes(tagOf(email, "step") ?? "")) || during.length > pause.inFlight.length) {
        const steps = during.map((email) => `${tagOf(email, "step")}#${email.seq}`).join(", ");
        broken("email while paused", `${cart.sequenceId}: ${steps} reached ${cart.address} between its pause (#${pause.markAfter}, ${pause.where}) and its resume (#${resume?.markBefore ?? "never"})`);
      }
    }

    // The answer tells the truth: an email Resend already had is shown as sent or in flight.
    for (const ack of cart.acks) {
      if (!ack.view) continue;
      for (const email of mine.filter((e) => e.seq <= ack.markBefore && tagOf(e, "sequence_id") === cart.sequenceId)) {
        const step = tagOf(email, "step")!;
        const shown = ack.view.steps.find((s) => s.id === step)?.status;
        if (shown !== "sent" && !ack.inFlight.includes(step)) {
          broken("answer hid an accepted email", `${cart.sequenceId} ${step}: the ${ack.kind}'s answer shows it ${shown} (${ack.where}) though Resend had accepted it (#${email.seq} before #${ack.markBefore})`);
        }
      }
    }

    // Once settled, the sequence and Resend agree, and no step waits forever.
    if (!cart.final) {
      broken("sequence lost", `${cart.sequenceId}: not found at the end`);
      continue;
    }
    for (const step of EMAIL_STEPS) {
      const status = cart.final.steps.find((s) => s.id === step)?.status;
      if (status === "sent" && countOf(step) === 0) broken("sequence disagrees with Resend", `${cart.sequenceId} ${step}: shown sent, but Resend never had it`);
      if (status !== "sent" && countOf(step) > 0) broken("sequence disagrees with Resend", `${cart.sequenceId} ${step}: Resend sent it, but the sequence shows it ${status}`);
      if (status !== "sent" && status !== "skipped" && status !== "failed") broken("step never settled", `${cart.sequenceId} ${step}: still ${status} (sequence ${cart.final.status}; ${cart.final.steps.find((s) => s.id === step)?.reason ?? "no reason"})`);
    }
    // Undisturbed, every step goes out exactly once. (After a pause, steps that fell due meanwhile
    // are collapsed to the latest one, so a paused cart is held to the rules above only.)
    if (cart.acks.length === 0) {
      const missing = EMAIL_STEPS.filter((step) => countOf(step) !== 1);
      const shown = (step: string) => {
        const view = cart.final!.steps.find((s) => s.id === step);
        return `${step} ${countOf(step)}× (${view?.status}${view?.reason ? `: ${view.reason}` : ""})`;
      };
      if (missing.length > 0) broken("undisturbed email not sent exactly once", `${cart.sequenceId}: ${missing.map(shown).join(", ")} at ${cart.address}`);
    }
  }
  return violations;
}

export type PlacedOrder = { orderId: string; storeId: string; sequenceId: string; cents: number; recovered: boolean };

/**
 * Revenue counted once per order: each store's recovered revenue is the sum of its orders that
 * were recovered (by their answers and by their sequence's final status), each once.
 */
export function revenueViolations(orders: PlacedOrder[], finals: Map<string, SequenceView | null>, revenueByStore: Map<string, number>): Violation[] {
  const violations: Violation[] = [];
  for (const order of orders) {
    const status = finals.get(order.sequenceId)?.status;
    if (order.recovered !== (status === "recovered")) {
      violations.push({ rule: "order answer disagrees with its sequence", detail: `order ${order.orderId}: its answers say recovered=${order.recovered}, its sequence ends ${status}` });
    }
  }
  for (const [storeId, revenue] of revenueByStore) {
    const expected = orders.filter((o) => o.storeId === storeId && o.recovered).reduce((sum, o) => sum + o.cents, 0);
    if (Math.round(revenue * 100) !== expected) {
      violations.push({ rule: "revenue not once per order", detail: `store ${storeId}: recovered revenue ${revenue}, expected ${(expected / 100).toFixed(2)}` });
    }
  }
  return violations;
}

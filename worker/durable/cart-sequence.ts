import { DurableObject } from "cloudflare:workers";
import { analyticsMessages } from "../domain/analytics-message";
import type { Cart } from "../domain/cart";
import type { PopupEvent, EmailEventType } from "../domain/catalogue";
import type { KlaviyoFact, ShopperHistory } from "../domain/coordinator";
import { claimQueuedEmail, deferForFrequencyCap, deferQueuedEmail, dueStepsNeedFacts, runDueSteps, type EmailClaim, type StepFacts } from "../domain/email-steps";
import { newId } from "../domain/ids";
import { liveNotices } from "../domain/live-notice";
import type { Order, Refund } from "../domain/order";
import type { VariantRef } from "../domain/popup-variants";
import type { AdvanceReservation } from "./shopper-ledger";
import * as engine from "../domain/sequence";
import type { SequenceState } from "../domain/sequence";
import { toSequenceView } from "../domain/sequence-view";
import type { Step } from "../domain/steps";
import { readConfig } from "../config";
import { sequenceRowKeys, type SequenceProjection } from "../db/sequence-projection";
import { sequenceEffects, type SequenceEffects } from "./sequence-effects";

/**
 * A lease's deadline: the Resend request timeout (10 s) plus pacing, inline 429 waits (up to 2 × 3 s)
 * and margin. Informational (see engine.EmailLease): a lease ends with a known outcome only.
 */
const LEASE_MS = 30_000;

/** How soon to retry a D1 projection or analytics hand-off that failed; the object's state is already safe in storage. */
const PROJECTION_RETRY_MS = 2_000;

/**
 * Webhooks reach the ingest queue in no guaranteed order between topics, so a cart's order can
 * come before the checkout it was placed from. The object keeps it, and the sequence that checkout
 * starts is stopped by it at once, as if they had come the other way round.
 */
const EARLY_ORDER = "early_order";
type EarlyOrder = { order: Order; attribution_window_days: number };

/**
 * An alarm that queued emails leaves its projection to the send (see `alarm`); if no claim or
 * outcome has projected it by then (the job went to the dead letters), the object projects it
 * itself after this long.
 */
const DEFERRED_PROJECTION_MS = 60_000;

/**
 * One cart's recovery sequence (addressed by `storeId:cartToken`, see ./client). It is the only
 * writer of the sequence: every entry point runs under `exclusive`, so an alarm, a stop and a
 * queued send are applied one after another, never interleaved, even across D1 awaits. The rules
 * are domain/sequence's pure functions; this class persists their result, projects it to D1 and
 * arms the alarm for the next step.
 */
export class CartSequence extends DurableObject<Env> {
  private sequence: SequenceState | null | undefined;
  /** The cart as last written to D1 by this instance; most steps leave it unchanged, so it is not rewritten. */
  private projectedCart: string | null = null;
  /**
   * The sequence row as last written to D1 by this instance (see sequenceRowKeys): a delivery
   * event changes nothing the row shows, and most steps leave its status and address as they
   * were, so D1 rewrites no more of the row and its indexes than changed. Null after a restart:
   * the first projection writes the whole row.
   */
  private projectedRow: ReturnType<typeof sequenceRowKeys> | null = null;
  /**
   * Events handed back to a consumer that published them (see handBack): the next own commit
   * projects them again, harmlessly, but does not publish them a second time.
   */
  private handedBack = new Set<string>();
  private readonly effects: SequenceEffects = sequenceEffects(this.env);
  /**
   * How long before a step falls due its alarm is armed (ALARM_WAKE_LEAD_MS); the object then
   * waits in memory and runs the step on time. Waking an object costs the runtime a few
   * milliseconds before any of its code runs, and a burst of objects due in one instant pays it
   * one after another: measured locally, 1,000 idle carts due at once all began 2.5–6.4 s late
   * (250: 0.6 s). Woken early, that cost is paid before the due moment instead of after it.
   * Read on first use; the Workers tests run with 0 (their clock is faked) unless one sets it.
   */
  private wakeLeadMs: number | undefined;
  private wakeLead() {
    return (this.wakeLeadMs ??= readConfig(this.env).ALARM_WAKE_LEAD_MS);
  }

  /**
   * Errors are caught inside the gate and re-thrown outside it: a throw inside
   * blockConcurrencyWhile would reset the whole object.
   */
  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    const outcome = await this.ctx.blockConcurrencyWhile(async () => {
      try {
        return { ok: true as const, value: await work() };
      } catch (error) {
        return { ok: false as const, error };
      }
    });
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  private async load(): Promise<SequenceState | null> {
    if (this.sequence === undefined) this.sequence = (await this.ctx.storage.get<SequenceState>("sequence")) ?? null;
    return this.sequence;
  }

  /**
   * Persist the state and arm the alarm for whatever comes next, then project to D1 and hand the
   * new events to the analytics fan-out. The state and the alarm are written without an await
   * between them, so the runtime stores them as one write: in a burst every storage write is
   * paid for in turn. `deferProjection`: the new events stay unprojected for the next commit
   * (see `alarm`), at the latest after DEFERRED_PROJECTION_MS.
   */
  private async commit(next: SequenceState, options: { deferProjection?: boolean } = {}) {
    const stored = next === this.sequence ? null : this.ctx.storage.put("sequence", next);
    this.sequence = next;
    const armed = this.armAlarm(next, options.deferProjection ? Date.now() + DEFERRED_PROJECTION_MS : null);
    await Promise.all([stored, armed]);
    if (options.deferProjection) return;
    let projected = true;
    try {
      const { withCart, row } = this.projectionOf(next);
      await this.effects.project(next, { withCart, row });
      this.projectedCart = JSON.stringify(next.cart);
      this.projectedRow = sequenceRowKeys(next);
      await this.effects.publishAnalytics(analyticsMessages({ ...next, unprojected: next.unprojected.filter((event) => !this.handedBack.has(event.id)) }));
      this.handedBack.clear();
      this.notifyDashboards(next);
      // Cleared in memory only: if the object restarts first, the events are projected and
      // published again, which their fixed ids make harmless, and the next commit persists the
      // cleared list.
      if (next.unprojected.length > 0) this.sequence = { ...next, unprojected: [] };
    } catch (error) {
      console.error("projection or analytics hand-off failed; retrying from the alarm", next.id, error);
      projected = false;
    }
    if (!projected) await this.armAlarm(next, Date.now() + PROJECTION_RETRY_MS);
  }

  /** What projecting `state` writes, judged against what this instance last projected. */
  private projectionOf(state: SequenceState): SequenceProjection {
    const keys = sequenceRowKeys(state);
    const last = this.projectedRow;
    const row = !last || last.indexed !== keys.indexed ? "full" : last.rest !== keys.rest ? "unindexed" : "none";
    return { state, withCart: JSON.stringify(state.cart) !== this.projectedCart, row };
  }

  /**
   * Stores `next` and arms its alarm as `commit` does, but hands its projection back to the
   * caller: a queue consumer that projects its whole delivery's objects in one D1 batch and one
   * analytics hand-off (services/sequence-projections) instead of one of each per object. The
   * events stay unprojected in storage until this object's own next commit projects them again
   * (their ids are fixed). A caller that fails is retried and finds nothing new here: it is then
   * handed the whole state, so D1 ends up with it whatever the first attempt wrote.
   */
  private async handBack(next: SequenceState): Promise<SequenceProjection> {
    if (next === this.sequence) return { state: next, withCart: true, row: "full" };
    const stored = this.ctx.storage.put("sequence", next);
    this.sequence = next;
    await Promise.all([stored, this.armAlarm(next, null)]);
    const projection = this.projectionOf(next);
    this.projectedCart = JSON.stringify(next.cart);
    this.projectedRow = sequenceRowKeys(next);
    for (const event of next.unprojected) this.handedBack.add(event.id);
    return projection;
  }

  /**
   * Arms the alarm for the next step (woken `wakeLead()` early) or for `retry`, whichever is
   * first. Not async: the write is issued before the caller's next await (see `commit`).
   */
  private armAlarm(state: SequenceState, retry: number | null): Promise<void> {
    const due = engine.nextWakeAt(state);
    const wake = due === null ? null : Math.max(Date.now(), due - this.wakeLead());
    const at = wake === null ? retry : retry === null ? wake : Math.min(wake, retry);
    return at === null ? this.ctx.storage.deleteAlarm() : this.ctx.storage.setAlarm(at);
  }

  /**
   * Tells the store's open dashboards about the events just projected (so a reload shows them).
   * Not awaited: a dashboard notice must not delay the commit or the caller, and a failed one
   * costs only a refresh that polling or the next notice makes up for.
   */
  private notifyDashboards(state: SequenceState) {
    const notices = liveNotices(state.id, state.unprojected);
    if (notices.length === 0) return;
    this.ctx.waitUntil(
      this.effects.notifyLive(state.store_id, notices).catch((error: unknown) => console.warn("live notice failed; dashboards will poll", state.id, error)),
    );
  }

  /**
   * The store's settings and the shopper's history, for the claim's decision. `given` is the
   * history the send consumer read for a whole delivery at once; it is used only if it is about
   * the cart's current address, otherwise the history is read now.
   */
  private async facts(state: SequenceState, now: number, given?: ShopperHistory | null): Promise<StepFacts> {
    const settings = await this.effects.settings(state.store_id);
    const email = state.cart.customer_email;
    let history = given && given.email === email ? given : null;
    if (!history && email && settings) history = await this.effects.shopperHistory(state.store_id, email, settings, now);
    return { settings, history };
  }

  /** Applies one pure transition under the gate; the sequence's view after it, or null when there is none. */
  private async transition(apply: (s: SequenceState, now: number) => SequenceState) {
    return this.exclusive(async () => {
      const current = await this.load();
      if (!current) return null;
      const next = apply(current, Date.now());
      if (next !== current) await this.commit(next);
      return toSequenceView(next);
    });
  }

  async ingestCart(storeId: string, cart: Cart, plan: Step[], origin: string) {
    return this.exclusive(async () => {
      const next = await this.withCart(storeId, cart, plan, origin);
      if (next && next !== this.sequence) await this.commit(next);
      return this.sequence ? toSequenceView(this.sequence) : null;
    });
  }

  /** As `ingestCart`, for the ingest queue's consumer, which projects what is handed back (see `handBack`). */
  async ingestQueuedCart(storeId: string, cart: Cart, plan: Step[], origin: string): Promise<SequenceProjection | null> {
    return this.exclusive(async () => {
      const next = await this.withCart(storeId, cart, plan, origin);
      return next ? this.handBack(next) : null;
    });
  }

  /** The sequence after the cart's activity (a new one for a new cart); null for an empty cart without one, whose cart is projected now. */
  private async withCart(storeId: string, cart: Cart, plan: Step[], origin: string): Promise<SequenceState | null> {
    const current = await this.load();
    const now = Date.now();
    if (current) return engine.recordCartActivity(current, cart, now);
    if (cart.items.length === 0) {
      await this.effects.projectCart(storeId, cart);
      return null;
    }
    const started = engine.startSequence({ id: newId("seq"), store_id: storeId, cart, plan, origin, now });
    const early = await this.ctx.storage.get<EarlyOrder>(EARLY_ORDER);
    return early ? engine.recordOrder(started, early.order, early.attribution_window_days, now) : started;
  }

  /** Links the storefront visitor (and GA client id) to the cart; not cart activity, so no clock restart. */
  async attachVisitor(visitorId: string, gaClientId: string | null) {
    return this.transition((s) => engine.linkVisitor(s, visitorId, gaClientId));
  }

  /** An order that comes before its cart (see EARLY_ORDER) is kept, and null is answered. */
  async placeOrder(order: Order, attributionWindowDays: number) {
    return this.exclusive(async () => {
      const current = await this.load();
      if (!current) {
        await this.ctx.storage.put(EARLY_ORDER, { order, attribution_window_days: attributionWindowDays } satisfies EarlyOrder);
        return null;
      }
      const next = engine.recordOrder(current, order, attributionWindowDays, Date.now());
      if (next !== current) await this.commit(next);
      return { sequence: toSequenceView(next), recovered: next.recovered_order_id === order.order_id };
    });
  }

  async stopForShopperOrder(orderId: string) {
    return this.transition((s, now) => engine.stopForShopperOrder(s, { order_id: orderId }, now));
  }

  /** Whether the refund lowered this sequence's recovered revenue (false when already counted or not its order). */
  async recordRefund(refund: Refund) {
    return this.exclusive(async () => {
      const current = await this.load();
      if (!current) return false;
      const next = engine.recordRefund(current, refund, Date.now());
      if (next === current) return false;
      await this.commit(next);
      return true;
    });
  }

  async stop(reason: string) {
    return this.transition((s, now) => engine.stopSequence(s, reason, now));
  }

  async pause() {
    return this.transition((s, now) => engine.pauseSequence(s, now));
  }

  async resume() {
    return this.transition((s, now) => engine.resumeSequence(s, now));
  }

  async recordPopupEvent(event: PopupEvent, visitorId: string, variant: VariantRef | null = null) {
    return this.transition((s, now) => engine.recordPopupEvent(s, event, visitorId, now, variant));
  }

  /** Whether the shopper dismissed the popup less than `dismissHours` ago, on any tab or device. */
  async popupSnoozed(dismissHours: number): Promise<boolean> {
    return this.exclusive(async () => {
      const current = await this.load();
      return current !== null && engine.popupSnoozed(current, dismissHours, Date.now());
    });
  }

  async recordEmailEvent(stepId: string, type: EmailEventType, detail: string) {
    return this.transition((s, now) => engine.recordEmailEvent(s, stepId, type, detail, now));
  }

  /**
   * @param given what the send consumer read or asked for a whole delivery at once: the shopper's
   * history, Klaviyo's answer for the address and the frequency cap's reservation for the send.
   */
  async claimEmail(
    stepId: string,
    given: { history?: ShopperHistory | null; klaviyo?: KlaviyoFact | null; reservation?: AdvanceReservation | null } = {},
  ): Promise<EmailClaim> {
    return this.exclusive(async () => {
      const current = await this.load();
      if (!current) return { send: false, reason: "no sequence" };
      const now = Date.now();
      const facts = engine.queuedEmailBlocker(current, stepId) ? null : { ...(await this.facts(current, now, given.history)), klaviyo: given.klaviyo ?? null };
      const lease = { id: newId("lease"), until: new Date(now + LEASE_MS).toISOString() };
      let { claim, next } = claimQueuedEmail(current, stepId, facts, lease, now);
      if (claim.send && !claim.resume && facts?.settings) {
        // The D1 history cannot see a claim another delivery is making this instant; the ledger can.
        const cap = facts.settings.frequency_cap;
        const key = `${current.id}/${stepId}`;
        const ahead = given.reservation;
        // The consumer's reservation stands if it is for this address and this step; otherwise the ledger is asked now.
        const reservation =
          ahead && ahead.key === key && ahead.email.toLowerCase() === claim.to.toLowerCase() ? ahead.result : await this.effects.reserveSend(current.store_id, claim.to, key, cap, now);
        if (!reservation.granted) ({ claim, next } = deferForFrequencyCap(next, stepId, reservation.until, cap, now));
      }
      if (next === current) {
        // Refused with events still unprojected: a retried send whose consumer could not project
        // what `confirmEmail` handed back (the step is sent by now). They are projected here.
        if (!claim.send && current.unprojected.length > 0) {
          // What D1 holds is not known (see handBack): the whole row and cart are written.
          this.projectedCart = null;
          this.projectedRow = null;
          this.handedBack.clear();
          await this.commit(current);
        }
        return claim;
      }
      if (claim.send && next.unprojected.length === current.unprojected.length) {
        // Only the lease changed: kept in storage, where a stop reads it, without a D1 write per
        // email on the send path. The next projection (the stop's, or the send's) carries it.
        await this.ctx.storage.put("sequence", next);
        this.sequence = next;
      } else await this.commit(next);
      return claim;
    });
  }

  /** The email went out: the send consumer projects the state handed back with its delivery's others (see `handBack`). */
  async confirmEmail(stepId: string, detail: string): Promise<SequenceProjection | null> {
    return this.exclusive(async () => {
      const current = await this.load();
      return current ? this.handBack(engine.confirmEmailSent(current, stepId, detail, Date.now())) : null;
    });
  }

  /**
   * The store's sending is paused (an operator problem): the queued email waits until `until`.
   * Whether the step is still in flight afterwards (then it was not deferred: see deferQueuedEmail).
   */
  async deferEmail(stepId: string, until: number, reason: string, leaseId: string | null = null): Promise<boolean> {
    const view = await this.transition((s, now) => deferQueuedEmail(s, stepId, until, reason, leaseId, now));
    return view?.in_flight.includes(stepId) ?? false;
  }

  /** The claim `leaseId` provably never reached Resend (see engine.releaseEmailLease). */
  async releaseEmail(stepId: string, leaseId: string) {
    return this.transition((s, now) => engine.releaseEmailLease(s, stepId, leaseId, now));
  }

  /** Whether the step's email is in flight: a resent batch re-checks every member with its object. */
  async emailInFlight(stepId: string): Promise<boolean> {
    return this.exclusive(async () => {
      const current = await this.load();
      return current !== null && engine.inFlightSteps(current.steps).includes(stepId);
    });
  }

  async failEmail(stepId: string, reason: string) {
    return this.transition((s, now) => engine.settleUnsentEmail(s, stepId, "failed", reason, now));
  }

  /**
   * Runs the steps that are due. Woken early (see `wakeLeadMs`), it waits for the next step's
   * time outside the gate, so a stop or an order meanwhile is not held up; the gate then decides
   * on the state as it is by then.
   *
   * An email step is decided here on the cart and the store's settings (consent, quiet hours,
   * the horizon, a paused sequence); what depends on the shopper's history (suppression, the
   * frequency cap, the daily limit) and the deliverability guard is judged by the send
   * consumer's claim, which must decide again anyway (a stop or an unsubscribe may come while the
   * email waits) and reads it for a whole delivery in one batch. Read by each alarm too, those
   * D1 reads (the guard's rollup windows among them) made the steps of a 1,000-cart burst seconds
   * late; a step held for them now costs one queue message more.
   *
   * When the alarm queued emails, its projection waits for the send: the claim keeps the events
   * unprojected (storage only) and the outcome's commit projects them with the email's own, one
   * D1 write per email instead of two. In a burst of a thousand carts due at once, the alarms'
   * D1 writes were most of the time before the first email went.
   */
  override async alarm() {
    const early = await this.load();
    const wake = early && engine.nextWakeAt(early);
    const wait = wake ? wake - Date.now() : 0;
    if (early && wake && wait > 0 && wait <= this.wakeLead()) {
      // The store's settings are looked up while waiting (cached per isolate), so a burst's
      // lookups are done by the due moment.
      if (dueStepsNeedFacts(early, wake)) await this.effects.settings(early.store_id);
      await scheduler.wait(Math.max(0, wake - Date.now()));
    }
    await this.exclusive(async () => {
      const current = await this.load();
      if (!current) return;
      const now = Date.now();
      const settings = dueStepsNeedFacts(current, now) ? await this.effects.settings(current.store_id) : null;
      const { next, jobs } = runDueSteps(current, { settings, history: null }, now);
      for (const job of jobs) await this.effects.enqueueEmail(job);
      await this.commit(next, { deferProjection: jobs.length > 0 });
    });
  }
}

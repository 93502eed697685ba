import { DurableObject } from "cloudflare:workers";
import type { Env } from "../config";
import { database } from "../db/client";
import { loadShopperHistories, shopperKey } from "../db/send-facts";
import { projectCart, projectSequence } from "../db/sequence-projection";
import { cachedStoreById } from "../db/store-cache";
import type { Cart } from "../domain/cart";
import { decideEmail, historyWindow, sendFactsFor, type ShopperHistory } from "../domain/coordinator";
import type { StoredSettings } from "../domain/settings";
import { newId } from "../domain/ids";
import type { Order } from "../domain/order";
import * as engine from "../domain/sequence";
import type { SequenceState } from "../domain/sequence";
import { toSequenceView } from "../domain/sequence-view";
import type { Step } from "../domain/steps";

/** How soon to retry a D1 projection that failed; the DO state is already safe in storage. */
const PROJECTION_RETRY_MS = 2_000;

export type EmailClaim =
  | { send: false; reason: string }
  | { send: true; to: string; step: Step; cart: Cart; sequence_id: string };

/**
 * One cart's recovery sequence (addressed by `storeId:cartToken`, see ./cart-sequences). It is
 * the only writer of the sequence: every entry point runs under `exclusive`, so an alarm, a stop
 * and a queued send are applied one after another, never interleaved, even across D1 awaits.
 */
export class CartSequence extends DurableObject<Env> {
  private sequence: SequenceState | null | undefined;
  /** The cart as last written to D1 by this instance; most steps leave it unchanged, so it is not rewritten. */
  private projectedCart: string | null = null;

  private get db() {
    return database(this.env.DB);
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

  private async save(next: SequenceState) {
    await this.ctx.storage.put("sequence", next);
    this.sequence = next;
  }

  /** Persist, then project to D1, then arm the alarm for whatever comes next. */
  private async commit(next: SequenceState) {
    if (next !== this.sequence) await this.save(next);
    let projected = true;
    try {
      const cart = JSON.stringify(next.cart);
      await projectSequence(this.db, next, { withCart: cart !== this.projectedCart });
      this.projectedCart = cart;
      // Cleared in memory only: if the object restarts first, the events are projected again,
      // which their fixed ids make harmless, and the next commit persists the cleared list.
      if (next.unprojected.length > 0) this.sequence = { ...next, unprojected: [] };
    } catch (error) {
      console.error("projection failed; retrying from the alarm", next.id, error);
      projected = false;
    }
    const wake = engine.nextWakeAt(next);
    const retry = projected ? null : Date.now() + PROJECTION_RETRY_MS;
    const at = wake === null ? retry : retry === null ? wake : Math.min(wake, retry);
    if (at === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(at);
  }

  private async view() {
    const current = await this.load();
    return current ? toSequenceView(current) : null;
  }

  async ingestCart(storeId: string, cart: Cart, plan: Step[], origin: string) {
    return this.exclusive(async () => {
      const current = await this.load();
      const now = Date.now();
      if (current) {
        const next = engine.recordCartActivity(current, cart, now);
        if (next !== current) await this.commit(next);
      } else if (cart.items.length > 0) {
        await this.commit(engine.startSequence({ id: newId("seq"), store_id: storeId, cart, plan, origin, now }));
      } else {
        await projectCart(this.db, storeId, cart);
      }
      return this.view();
    });
  }

  /** Links the storefront visitor (and GA client id) to the cart; not cart activity, so no clock restart. */
  async attachVisitor(visitorId: string, gaClientId: string | null) {
    return this.transition((s) => engine.linkVisitor(s, visitorId, gaClientId));
  }

  async placeOrder(order: Order, attributionWindowDays: number) {
    return this.exclusive(async () => {
      const current = await this.load();
      if (!current) return null;
      const next = engine.recordOrder(current, order, attributionWindowDays, Date.now());
      if (next !== current) await this.commit(next);
      return { sequence: toSequenceView(next), recovered: next.recovered_order_id === order.order_id };
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

  async recordPopupEvent(event: "shown" | "clicked" | "dismissed") {
    return this.transition((s, now) => {
      const popup = s.steps.find((step) => step.channel === "popup" && step.status === "sent");
      if (!popup) return s;
      return event === "shown" ? engine.recordPopupShown(s, popup.id, now) : engine.recordPopupResponse(s, popup.id, event, now);
    });
  }

  private async transition(apply: (s: SequenceState, now: number) => SequenceState) {
    return this.exclusive(async () => {
      const current = await this.load();
      if (!current) return null;
      const next = apply(current, Date.now());
      if (next !== current) await this.commit(next);
      return toSequenceView(next);
    });
  }

  /**
   * The send-time check (SPEC §6, "again in the queue consumer"): the coordinator decides once
   * more with fresh facts, so a stop, an order or an unsubscribe that arrived while the email
   * sat in the queue still prevents it.
   */
  /** The coordinator's decision for one email step, from a shopper history read now (or given). */
  private async decide(state: SequenceState, stepId: string, settings: StoredSettings, now: number, given?: ShopperHistory | null) {
    const email = state.cart.customer_email;
    let history = given && given.email === email ? given : null;
    if (!history && email) {
      const { since, today } = historyWindow(settings.frequency_cap.per_hours, now);
      history = (await loadShopperHistories(this.db, [{ storeId: state.store_id, email }], since, today)).get(shopperKey(state.store_id, email)) ?? null;
    }
    return decideEmail(sendFactsFor(state, stepId, history, settings, now));
  }

  /**
   * @param history the shopper's history when the consumer read it for a whole delivery at once;
   * used only if it is about the cart's current address.
   */
  async claimEmail(stepId: string, history?: ShopperHistory | null): Promise<EmailClaim> {
    return this.exclusive(async () => {
      const current = await this.load();
      if (!current) return { send: false, reason: "no sequence" };
      const now = Date.now();
      const blocker = engine.queuedEmailBlocker(current, stepId);
      if (blocker) {
        const step = current.steps.find((s) => s.id === stepId);
        if (step?.queued) await this.commit(engine.settleUnsentEmail(current, stepId, "skipped", blocker, now));
        return { send: false, reason: blocker };
      }
      const store = await cachedStoreById(this.db, current.store_id);
      if (!store) return { send: false, reason: "store deleted" };
      const decision = await this.decide(current, stepId, store.settings, now, history);
      if (decision.action !== "send") {
        await this.commit(engine.applyEmailDecision(current, stepId, decision, now));
        return { send: false, reason: decision.reason };
      }
      const step = current.steps.find((s) => s.id === stepId) as engine.StepState;
      return { send: true, to: current.cart.customer_email as string, step, cart: current.cart, sequence_id: current.id };
    });
  }

  async recordEmailEvent(stepId: string, type: string, detail: string) {
    return this.transition((s, now) => engine.recordEmailEvent(s, stepId, type, detail, now));
  }

  async confirmEmail(stepId: string, detail: string) {
    return this.transition((s, now) => engine.confirmEmailSent(s, stepId, detail, now));
  }

  async failEmail(stepId: string, reason: string) {
    return this.transition((s, now) => engine.settleUnsentEmail(s, stepId, "failed", reason, now));
  }

  override async alarm() {
    await this.exclusive(async () => {
      const current = await this.load();
      if (!current) return;
      const now = Date.now();
      const due = engine.dueSteps(current, now);
      let next = current;
      if (due.length > 0) {
        const store = await cachedStoreById(this.db, current.store_id);
        for (const step of due) {
          if (step.channel === "popup") {
            next = engine.makePopupEligible(next, step.id, now);
            continue;
          }
          const decision = store
            ? await this.decide(next, step.id, store.settings, now)
            : ({ action: "skip", reason: "store deleted" } as const);
          // Enqueue before recording: if we crash in between, the retried alarm queues again and
          // the consumer's claim lets only the recorded one through.
          if (decision.action === "send") {
            await this.env.EMAIL_QUEUE.send({
              store_id: next.store_id,
              cart_token: next.cart_token,
              sequence_id: next.id,
              step_id: step.id,
              base_url: next.origin,
            });
          }
          next = engine.applyEmailDecision(next, step.id, decision, now);
        }
      }
      await this.commit(next);
    });
  }
}

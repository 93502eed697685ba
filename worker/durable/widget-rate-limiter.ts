import { DurableObject } from "cloudflare:workers";
import { takeFromWindow, type RateDecision, type RateWindow } from "../domain/rate-limit";

/**
 * One rate-limit bucket of the widget endpoints (a store's visitor, or a store's client address;
 * see ./client for the naming). Why a Durable Object per bucket rather than the alternatives:
 * - a per-isolate counter holds only within one isolate, and a flood is spread by the platform
 *   over many isolates and locations, so the limit would be multiplied by however many it reached;
 * - D1 would add a write to every widget request, on the path the storefront waits on;
 * - one object per store would serialise every shopper of a busy store through one object.
 * An object per bucket sees every request of that bucket, wherever it comes from, and costs one
 * small call. The window lives in memory only: if the object is evicted (it is idle by then), the
 * bucket starts afresh, which forgives at most one window's worth and writes nothing to storage.
 * Calls on one object run one at a time and nothing here awaits, so no two requests read the
 * same count.
 */
export class WidgetRateLimiter extends DurableObject<Env> {
  private window: RateWindow | null = null;

  take(limit: number, windowMs: number): RateDecision {
    const decision = takeFromWindow(this.window, Date.now(), limit, windowMs);
    this.window = decision.window;
    return decision;
  }
}

import { RateLimitedError } from "../domain/errors";
import { widgetRateLimiterStub } from "../durable/client";
import type { StoreContext } from "./context";

/** Where a widget request comes from, as the edge saw it (`CF-Connecting-IP`; null when absent, as in tests). */
export type WidgetCaller = { address: string | null };

const WINDOW_MS = 60_000;

/**
 * Per store (its publishable key) and minute: a signed visitor makes one session call per page
 * view and at most three popup events, so 30 leaves room for brisk browsing; an address may carry
 * many shoppers (offices, mobile carriers' shared addresses) and every first visit, which mints a
 * visitor, so it gets ten times that.
 */
export const WIDGET_RATE_LIMITS = { perVisitor: 30, perAddress: 300, windowMs: WINDOW_MS } as const;

/**
 * Counts one request against the caller's buckets (./durable/widget-rate-limiter explains why a
 * Durable Object per bucket) and refuses it with 429 and Retry-After when either is spent. An
 * unsigned caller has no visitor bucket: its id is not its own to spend.
 */
export async function limitWidgetCaller({ env, store }: Pick<StoreContext, "env" | "store">, caller: { visitorId: string | null; address: string | null }) {
  const buckets: [string, number][] = [[`${store.id}:address:${caller.address ?? "unknown"}`, WIDGET_RATE_LIMITS.perAddress]];
  if (caller.visitorId) buckets.push([`${store.id}:visitor:${caller.visitorId}`, WIDGET_RATE_LIMITS.perVisitor]);
  const decisions = await Promise.all(buckets.map(([bucket, limit]) => widgetRateLimiterStub(env, bucket).take(limit, WINDOW_MS)));
  const waits = decisions.flatMap((decision) => (decision.allowed ? [] : [decision.retryAfterSeconds]));
  if (waits.length > 0) throw new RateLimitedError("too many widget requests from this visitor or address; try again later", Math.max(...waits));
}

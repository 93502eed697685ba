import { and, eq, isNull, lt, ne, or } from "drizzle-orm";
import { type SenderStanding } from "../domain/coordinator";
import { type GuardState, HEALTHY, judgeDeliverability, judgeOnSharedSender, worseOf } from "../domain/deliverability/guard";
import { DEFAULT_DELIVERABILITY_POLICY } from "../domain/deliverability/policy";
import { advanceWarmUp, startWarmUp, warmUpCap } from "../domain/deliverability/warm-up";
import { domainOfAddress } from "../domain/email/sender";
import { localDay } from "../domain/local-time";
import type { Database } from "./client";
import { domainScope, readGuardWindows, storeScope } from "./delivery-rollups";
import { dailySends, stores } from "./schema";
import type { Store } from "./stores";

/** The store sends from its own domain once verified (see chooseSender); before, from the operator's shared one. */
const ownDomain = (store: Store) =>
  store.sendingDomainStatus === "verified" && store.sendingDomain === domainOfAddress(store.settings.from_email) ? store.sendingDomain : null;

/** The domain the store's emails go out from now, and whether other stores share it. */
export function senderDomainOf(store: Store, sharedDomain: string): { domain: string; shared: boolean } {
  const own = ownDomain(store);
  return own ? { domain: own, shared: false } : { domain: sharedDomain, shared: true };
}

/**
 * Each store's sender standing, from at most two rollup scopes a store (its own, and the shared
 * sender it uses), in one query. A verified domain's warm-up climbs on the first read of a new
 * day; the guarded update makes a concurrent climb happen once.
 */
export async function loadSenderStandings(db: Database, storeList: Store[], sharedDomain: string, now: number): Promise<Map<string, SenderStanding>> {
  const shared = domainScope(sharedDomain);
  const requests = storeList.map((store) => ({ scope: storeScope(store.id), countsFrom: store.deliverabilityResumedAt }));
  if (storeList.some((store) => !ownDomain(store))) requests.push({ scope: shared, countsFrom: null });
  const { windows } = await readGuardWindows(db, requests, now);

  const standings = new Map<string, SenderStanding>();
  for (const store of storeList) {
    const own = windows.get(storeScope(store.id))!;
    const domain = ownDomain(store);
    const onShared = domain ? HEALTHY : judgeOnSharedSender(windows.get(shared)!, own, DEFAULT_DELIVERABILITY_POLICY);
    const verdict = worseOf(judgeDeliverability(own, store.settings.deliverability), onShared);
    if (verdict.state !== store.deliverabilityState) await noteGuardState(db, store.id, verdict.state, now);
    const warmUp = domain ? await warmUpOf(db, store, domain, verdict.state === "healthy", now) : null;
    // Read only while slowed (rare): the slowed pace is half of yesterday's emails.
    const sentYesterday = verdict.state === "slowed" ? await emailsMadeOn(db, store.id, previousDay(localDay(now, store.settings.timezone))) : undefined;
    standings.set(store.id, { verdict, warmUp, ...(sentYesterday === undefined ? {} : { sentYesterday }) });
  }
  return standings;
}

/** The calendar day before `day` (`YYYY-MM-DD`), by the calendar, whatever the zone's clock changes. */
const previousDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

async function emailsMadeOn(db: Database, storeId: string, day: string) {
  const row = await db.select({ count: dailySends.count }).from(dailySends).where(and(eq(dailySends.storeId, storeId), eq(dailySends.day, day))).get();
  return row?.count ?? 0;
}

/** Remembers when the verdict changed; a stale cached row only repeats an update that changes nothing. */
async function noteGuardState(db: Database, storeId: string, state: GuardState, now: number) {
  await db
    .update(stores)
    .set({ deliverabilityState: state, deliverabilitySince: new Date(now).toISOString() })
    .where(and(eq(stores.id, storeId), ne(stores.deliverabilityState, state)));
}

async function warmUpOf(db: Database, store: Store, domain: string, healthy: boolean, now: number) {
  const today = localDay(now, store.settings.timezone);
  const current = store.warmupDay !== null && store.warmupLevel !== null ? { level: store.warmupLevel, day: store.warmupDay } : null;
  const next = current ? advanceWarmUp(current, today, healthy) : startWarmUp(today);
  if (next !== current) {
    await db
      .update(stores)
      .set({ warmupLevel: next.level, warmupDay: next.day })
      .where(and(eq(stores.id, store.id), or(isNull(stores.warmupDay), lt(stores.warmupDay, today))));
  }
  const cap = warmUpCap(next);
  return cap === null ? null : { domain, cap };
}

import { and, eq } from "drizzle-orm";
import type { SendingDomainState } from "../domain/email/sender";
import type { Database } from "./client";
import { stores } from "./schema";
import { claimDomains, dropClaim, keepOnlyClaims } from "./store-directory";
import { isUniqueViolation } from "./unique-violation";

export async function findSendingDomain(db: Database, storeId: string): Promise<(SendingDomainState & { providerId: string | null }) | null> {
  const row = await db
    .select({ domain: stores.sendingDomain, providerId: stores.sendingDomainId, status: stores.sendingDomainStatus, records: stores.sendingDomainRecords })
    .from(stores)
    .where(eq(stores.id, storeId))
    .get();
  return row ?? null;
}

/**
 * Claims a domain for a store, forgetting what it had for another one. False when another store,
 * on any shard, holds it: the directory's claim decides, so two stores racing for one domain never
 * both get it (the shard's unique index still guards stores made before sharding).
 */
export async function claimSendingDomain(db: Database, directory: Database, storeId: string, domain: string): Promise<boolean> {
  if ((await claimDomains(directory, "sending", storeId, [domain])).length > 0) return false;
  try {
    await db
      .update(stores)
      .set({ sendingDomain: domain, sendingDomainId: null, sendingDomainStatus: "not_started", sendingDomainRecords: [] })
      .where(eq(stores.id, storeId));
  } catch (error) {
    await dropClaim(directory, "sending", storeId, domain);
    if (isUniqueViolation(error)) return false;
    throw error;
  }
  await keepOnlyClaims(directory, "sending", storeId, [domain]);
  return true;
}

/** Gives up a claim (Resend did not take the domain), unless the store has moved on to another since. */
export async function releaseSendingDomain(db: Database, directory: Database, storeId: string, domain: string) {
  await db
    .update(stores)
    .set({ sendingDomain: null, sendingDomainId: null, sendingDomainStatus: "not_started", sendingDomainRecords: [] })
    .where(and(eq(stores.id, storeId), eq(stores.sendingDomain, domain)));
  await dropClaim(directory, "sending", storeId, domain);
}

/** Records what Resend says of the store's domain; a no-op if the store has moved on to another domain since. */
export async function saveSendingDomain(db: Database, storeId: string, state: SendingDomainState & { providerId: string | null }) {
  if (!state.domain) return;
  await db
    .update(stores)
    .set({ sendingDomainId: state.providerId, sendingDomainStatus: state.status, sendingDomainRecords: state.records })
    .where(and(eq(stores.id, storeId), eq(stores.sendingDomain, state.domain)));
}

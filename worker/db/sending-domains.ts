import { and, eq, ne } from "drizzle-orm";
import type { SendingDomainState } from "../domain/email/sender";
import type { Database } from "./client";
import { stores } from "./schema";
import { isUniqueViolation } from "./unique-violation";

export async function findSendingDomain(db: Database, storeId: string): Promise<(SendingDomainState & { providerId: string | null }) | null> {
  const row = await db
    .select({ domain: stores.sendingDomain, providerId: stores.sendingDomainId, status: stores.sendingDomainStatus, records: stores.sendingDomainRecords })
    .from(stores)
    .where(eq(stores.id, storeId))
    .get();
  return row ?? null;
}

/** The store that holds this sending domain, if another one does. */
export async function sendingDomainOwner(db: Database, domain: string, storeId: string): Promise<string | null> {
  const row = await db.select({ id: stores.id }).from(stores).where(and(eq(stores.sendingDomain, domain), ne(stores.id, storeId))).get();
  return row?.id ?? null;
}

/**
 * Claims a domain for a store, forgetting what it had for another one. False when another store
 * holds it: the unique index decides, so two stores racing for one domain never both get it.
 */
export async function claimSendingDomain(db: Database, storeId: string, domain: string): Promise<boolean> {
  try {
    await db
      .update(stores)
      .set({ sendingDomain: domain, sendingDomainId: null, sendingDomainStatus: "not_started", sendingDomainRecords: [] })
      .where(eq(stores.id, storeId));
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** Gives up a claim (Resend did not take the domain), unless the store has moved on to another since. */
export async function releaseSendingDomain(db: Database, storeId: string, domain: string) {
  await db
    .update(stores)
    .set({ sendingDomain: null, sendingDomainId: null, sendingDomainStatus: "not_started", sendingDomainRecords: [] })
    .where(and(eq(stores.id, storeId), eq(stores.sendingDomain, domain)));
}

/** Records what Resend says of the store's domain; a no-op if the store has moved on to another domain since. */
export async function saveSendingDomain(db: Database, storeId: string, state: SendingDomainState & { providerId: string | null }) {
  if (!state.domain) return;
  await db
    .update(stores)
    .set({ sendingDomainId: state.providerId, sendingDomainStatus: state.status, sendingDomainRecords: state.records })
    .where(and(eq(stores.id, storeId), eq(stores.sendingDomain, state.domain)));
}

import { and, asc, eq, gt, or } from "drizzle-orm";
import type { StoredSettings } from "../domain/settings";
import type { Database } from "./client";
import { stores } from "./schema";
import { replaceStoreDomains } from "./store-domains";

export type Store = typeof stores.$inferSelect;

/** The store and its storefront domains at once: a domain another store holds fails both. */
export async function insertStore(db: Database, store: typeof stores.$inferInsert & { settings: StoredSettings }) {
  await db.batch([db.insert(stores).values(store), ...replaceStoreDomains(db, store.id, store.settings.domains)]);
}

/** A page of this shard's stores, by id after `after` (admin listing). */
export function listStoresAfter(db: Database, after: string, limit: number) {
  return db
    .select({ id: stores.id, name: stores.name, settings: stores.settings, createdAt: stores.createdAt })
    .from(stores)
    .where(gt(stores.id, after))
    .orderBy(asc(stores.id))
    .limit(limit)
    .all();
}

export async function findStoreById(db: Database, id: string): Promise<Store | null> {
  return (await db.select().from(stores).where(eq(stores.id, id)).get()) ?? null;
}

/** By the current secret key, or by the one a rotation replaced while its grace period lasts. */
export async function findStoreBySecretKeyHash(db: Database, hash: string, now = new Date()): Promise<Store | null> {
  const previous = and(eq(stores.previousSecretKeyHash, hash), gt(stores.previousSecretKeyUntil, now.toISOString()));
  return (await db.select().from(stores).where(or(eq(stores.secretKeyHash, hash), previous)).get()) ?? null;
}

/** By the current publishable key, or by the one a rotation replaced while its grace period lasts. */
export async function findStoreByPublishableKeyHash(db: Database, hash: string, now = new Date()): Promise<Store | null> {
  const previous = and(eq(stores.previousPublishableKeyHash, hash), gt(stores.previousPublishableKeyUntil, now.toISOString()));
  return (await db.select().from(stores).where(or(eq(stores.publishableKeyHash, hash), previous)).get()) ?? null;
}

export async function saveSettings(db: Database, storeId: string, settings: StoredSettings) {
  await db.batch([db.update(stores).set({ settings, name: settings.name }).where(eq(stores.id, storeId)), ...replaceStoreDomains(db, storeId, settings.domains)]);
}

export async function resumeStoreSending(db: Database, storeId: string, at: string) {
  await db.update(stores).set({ deliverabilityResumedAt: at, deliverabilityState: "healthy", deliverabilitySince: at }).where(eq(stores.id, storeId));
}

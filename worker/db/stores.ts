import { eq } from "drizzle-orm";
import type { StoredSettings } from "../domain/settings";
import type { Database } from "./client";
import { stores } from "./schema";
import { replaceStoreDomains } from "./store-domains";

export type Store = typeof stores.$inferSelect;

/** The store and its storefront domains at once: a domain another store holds fails both. */
export async function insertStore(db: Database, store: typeof stores.$inferInsert & { settings: StoredSettings }) {
  await db.batch([db.insert(stores).values(store), ...replaceStoreDomains(db, store.id, store.settings.domains)]);
}

export async function findStoreById(db: Database, id: string): Promise<Store | null> {
  return (await db.select().from(stores).where(eq(stores.id, id)).get()) ?? null;
}

export async function findStoreBySecretKeyHash(db: Database, hash: string): Promise<Store | null> {
  return (await db.select().from(stores).where(eq(stores.secretKeyHash, hash)).get()) ?? null;
}

export async function findStoreByPublishableKeyHash(db: Database, hash: string): Promise<Store | null> {
  return (await db.select().from(stores).where(eq(stores.publishableKeyHash, hash)).get()) ?? null;
}

export async function saveSettings(db: Database, storeId: string, settings: StoredSettings) {
  await db.batch([db.update(stores).set({ settings, name: settings.name }).where(eq(stores.id, storeId)), ...replaceStoreDomains(db, storeId, settings.domains)]);
}

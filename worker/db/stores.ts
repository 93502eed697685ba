import { eq } from "drizzle-orm";
import type { StoredSettings } from "../domain/settings";
import type { Database } from "./client";
import { stores } from "./schema";

export type Store = typeof stores.$inferSelect;

export async function insertStore(db: Database, store: typeof stores.$inferInsert) {
  await db.insert(stores).values(store);
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
  await db.update(stores).set({ settings, name: settings.name }).where(eq(stores.id, storeId));
}

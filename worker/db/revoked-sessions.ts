import { eq, lt } from "drizzle-orm";
import type { Database } from "./client";
import { revokedSessions } from "./schema";

/** Revokes a session; rows of sessions that have expired anyway are cleared in the same batch. */
export async function revokeSession(db: Database, tokenHash: string, expiresAt: Date, now = new Date()) {
  await db.batch([
    db.delete(revokedSessions).where(lt(revokedSessions.expiresAt, now.toISOString())),
    db.insert(revokedSessions).values({ tokenHash, expiresAt: expiresAt.toISOString() }).onConflictDoNothing(),
  ]);
}

export async function isSessionRevoked(db: Database, tokenHash: string): Promise<boolean> {
  return (await db.select({ tokenHash: revokedSessions.tokenHash }).from(revokedSessions).where(eq(revokedSessions.tokenHash, tokenHash)).get()) !== undefined;
}

import { requireSecretsKey } from "../config";
import { isSessionRevoked, revokeSession } from "../db/revoked-sessions";
import { AppError } from "../domain/errors";
import { sha256Hex } from "../security/hmac";
import { signSession, verifySession } from "../security/session-token";
import { forStoreId, type StoreOnShard, type WorkerContext } from "./context";
import { storeById, storeForSecretKey } from "./store-auth";

/** Dashboard sign-in: the store's secret key buys a signed session token (the key itself is never kept). */
export async function signIn(ctx: WorkerContext, input: { secretKey: string }): Promise<{ token: string }> {
  const store = await storeForSecretKey(ctx, input.secretKey);
  if (!store) throw new AppError("unauthorized", "unknown secret key");
  return { token: await signSession(requireSecretsKey(ctx.config), store.id) };
}

/** The store a dashboard session token speaks for, or null when it is forged, expired or signed out. */
export async function storeForSession(ctx: WorkerContext, token: string): Promise<StoreOnShard | null> {
  const session = await verifySession(requireSecretsKey(ctx.config), token);
  if (!session || (await isSessionRevoked((await forStoreId(ctx, session.storeId)).db, await sha256Hex(token)))) return null;
  return storeById(ctx, session.storeId);
}

/**
 * Sign-out revokes the session server-side, not only in this browser: a copy of the cookie (a
 * shared machine, a leaked log) is refused from now on. Anything that is not a live session is
 * left alone, so the list only ever holds real sessions. The list is kept on the store's shard.
 */
export async function signOut(ctx: WorkerContext, token: string): Promise<void> {
  const session = await verifySession(requireSecretsKey(ctx.config), token);
  if (session) await revokeSession((await forStoreId(ctx, session.storeId)).db, await sha256Hex(token), session.expiresAt);
}

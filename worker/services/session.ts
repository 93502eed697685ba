import { requireSecretsKey } from "../config";
import { AppError } from "../domain/errors";
import { signSession, verifySession } from "../security/session-token";
import type { ServiceContext, Store } from "./context";
import { storeById, storeForSecretKey } from "./store-auth";

/** Dashboard sign-in: the store's secret key buys a signed session token (the key itself is never kept). */
export async function signIn(ctx: ServiceContext, input: { secretKey: string }): Promise<{ token: string }> {
  const store = await storeForSecretKey(ctx, input.secretKey);
  if (!store) throw new AppError("unauthorized", "unknown secret key");
  return { token: await signSession(requireSecretsKey(ctx.config), store.id) };
}

/** The store a dashboard session token speaks for, or null when it is forged or expired. */
export async function storeForSession(ctx: ServiceContext, token: string): Promise<Store | null> {
  const storeId = await verifySession(requireSecretsKey(ctx.config), token);
  return storeId ? storeById(ctx, storeId) : null;
}

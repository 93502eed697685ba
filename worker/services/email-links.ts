import { isStoreUrl, withEmailUtm } from "../domain/email/email-links";
import { maskEmail } from "../domain/email/mask-email";
import { isHttpUrl } from "../domain/http-url";
import { clickTokenSchema, openTyped, unsubscribeTokenSchema, type UnsubscribeToken } from "../domain/email/link-tokens";
import { sequenceStub } from "../durable/client";
import { forStore, type StoreOnShard, type WorkerContext } from "./context";
import { linkSealers } from "./email/links";
import { storeById } from "./store-auth";
import { suppressAddress } from "./suppressions";

/**
 * Where an email link leads, with the click recorded (in the background: `waitUntil`). The target
 * is never taken from the link alone: it is the cart's own checkout URL, or a page on one of the
 * store's domains, so a crafted link cannot redirect anywhere else. Null for a forged link or one
 * that would lead anywhere but an http(s) page.
 */
export async function followEmailLink(ctx: WorkerContext, input: { token: string; waitUntil: (work: Promise<unknown>) => void }): Promise<string | null> {
  const token = await openTyped(linkSealers(ctx.config).click, input.token, clickTokenSchema);
  const store = token ? await storeById(ctx, token.s) : null;
  const found = token && store ? await sequenceStub(ctx.env, forStore(ctx, store).db, token.s, token.q) : null;
  if (!token || !found || !store) return null;
  const target = token.u && isStoreUrl(token.u, store.settings.domains) ? token.u : found.row.cart.checkout_url;
  // Checked again here: a cart saved before the http(s) rule may hold a `javascript:` link.
  if (!isHttpUrl(target)) return null;
  input.waitUntil(
    found.stub.recordEmailEvent(token.p, "email_clicked", `clicked through to ${new URL(target).host}`).catch((error) => console.error("click not recorded", error)),
  );
  return withEmailUtm(target, token.p, found.row.id);
}

export type UnsubscribeRequest = { claims: UnsubscribeToken; store: StoreOnShard };

/** The store and address an unsubscribe link speaks for, or null when it is forged or its store is gone. */
export async function readUnsubscribeLink(ctx: WorkerContext, token: string | undefined): Promise<UnsubscribeRequest | null> {
  if (!token) return null;
  const claims = await openTyped(linkSealers(ctx.config).unsubscribe, token, unsubscribeTokenSchema);
  if (!claims) return null;
  const store = await storeById(ctx, claims.s);
  return store ? { claims, store } : null;
}

/** Counts the unsubscribe on the email that carried the link, then suppresses the address store-wide. */
/** Returns how many emails were already in flight to the address: they may still arrive. */
export async function unsubscribe(ctx: WorkerContext, { claims, store }: UnsubscribeRequest): Promise<number> {
  const storeCtx = forStore(ctx, store);
  const source = claims.q ? await sequenceStub(ctx.env, storeCtx.db, store.id, claims.q) : null;
  if (source && claims.p) await source.stub.recordEmailEvent(claims.p, "unsubscribed", `${maskEmail(claims.e)} unsubscribed`);
  return suppressAddress(storeCtx, { storeId: store.id, email: claims.e, reason: "unsubscribed" });
}

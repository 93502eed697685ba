import type { Config } from "../config";
import type { Store as StoreRow } from "../db/stores";
import { forgetStore } from "../db/store-cache";
import { claimSendingDomain, findSendingDomain, releaseSendingDomain, saveSendingDomain } from "../db/sending-domains";
import { domainHolder } from "../db/store-directory";
import { addressOf, domainOfAddress, sendingDomainStatusOf, sendingDomainView, type SenderSource, type SendingDomainView } from "../domain/email/sender";
import { AppError } from "../domain/errors";
import type { ResendClient } from "../integrations/resend";
import { addDomain, getDomain, removeDomain, verifyDomain, type ResendDomain } from "../integrations/resend-domains";
import { directoryOf, type ServiceContext, type StoreContext } from "./context";
import { resendClient } from "./email/resend-client";

/** Who a store's emails are from depends on its verified domain (see domain/email/sender). */
export function senderSource(config: Config, store: Pick<StoreRow, "sendingDomain" | "sendingDomainStatus" | "sendingDomainRecords">): SenderSource {
  return {
    sendingDomain: { domain: store.sendingDomain, status: store.sendingDomainStatus, records: store.sendingDomainRecords },
    defaultFrom: config.defaultFrom,
  };
}

/** The same, read fresh from D1 (for a store context, which carries settings only). */
export async function senderSourceOf({ db, config }: Pick<ServiceContext, "db" | "config">, storeId: string): Promise<SenderSource> {
  const state = await findSendingDomain(db, storeId);
  return { sendingDomain: state ?? { domain: null, status: "not_started", records: [] }, defaultFrom: config.defaultFrom };
}

/** The store's sending domain as last recorded, without asking Resend (settings show it). */
export async function storedSendingDomain({ db, store }: Pick<StoreContext, "db" | "store">): Promise<SendingDomainView> {
  const state = await findSendingDomain(db, store.id);
  return sendingDomainView(store.settings.from_email, state ?? { domain: null, status: "not_started", records: [] });
}

const recorded = (domain: ResendDomain) => ({
  providerId: domain.id,
  status: sendingDomainStatusOf(domain.status),
  records: domain.records.map(({ type, name, value }) => ({ type, name, value })),
});

async function save(ctx: Pick<StoreContext, "db" | "store">, domain: string, resend: ResendDomain) {
  await saveSendingDomain(ctx.db, ctx.store.id, { domain, ...recorded(resend) });
  // The send path reads stores through a per-isolate cache: a new status must reach it now.
  forgetStore(ctx.store.id);
}

/** GET: the domain's status and records, re-checked with Resend when it has been added there. */
export async function readSendingDomain(ctx: StoreContext): Promise<SendingDomainView> {
  const domain = domainOfAddress(ctx.store.settings.from_email);
  const state = await findSendingDomain(ctx.db, ctx.store.id);
  const resend = resendClient(ctx.config);
  if (resend && state?.domain === domain && state.providerId) {
    const fresh = await getDomain(resend, state.providerId);
    // Resend unreachable: the last recorded state is still the best answer for a read.
    if (fresh.kind === "ok") await save(ctx, domain, fresh.domain);
  }
  return storedSendingDomain(ctx);
}

const conflict = (message: string) => new AppError("conflict", `from_email: ${message}`, [{ field: "from_email", message }]);

/**
 * POST: claims the domain of the store's from_email for this store (409 when another store, or the
 * operator's own sender, holds it), adds it to Resend on first use, and otherwise asks Resend to
 * verify its DNS records again. A domain the store gives up is removed from Resend, so the records
 * its owner published never verify it for another store.
 */
export async function startSendingDomainVerification(ctx: StoreContext): Promise<SendingDomainView> {
  const resend = resendClient(ctx.config);
  if (!resend) throw new AppError("not_configured", "RESEND_API_KEY is not set: sending domains are verified with Resend");
  const domain = domainOfAddress(ctx.store.settings.from_email);
  if (domain === domainOfAddress(addressOf(ctx.config.defaultFrom))) throw conflict(`the domain ${domain} is the operator's own sender`);
  if (await domainHolder(directoryOf(ctx), "sending", domain, ctx.store.id)) throw conflict(`the domain ${domain} belongs to another store`);
  let state = await findSendingDomain(ctx.db, ctx.store.id);
  if (state?.domain !== domain) {
    if (!(await claimSendingDomain(ctx.db, directoryOf(ctx), ctx.store.id, domain))) throw conflict(`the domain ${domain} belongs to another store`);
    if (state?.providerId) await release(resend, state.providerId);
    state = { domain, providerId: null, status: "not_started", records: [] };
  }
  if (!state.providerId) {
    const added = await addDomain(resend, domain);
    // A claim Resend did not take is given up, so no store holds a domain it could never verify.
    if (added.kind === "failed") await releaseSendingDomain(ctx.db, directoryOf(ctx), ctx.store.id, domain);
    if (added.kind === "failed" && added.status !== null && added.status < 500) {
      throw conflict(`the domain ${domain} is already registered with the operator's Resend account (${added.message}); the operator must remove it first`);
    }
    if (added.kind === "failed") throw new AppError("upstream_failed", `Resend did not add the domain: ${added.message}`);
    await save(ctx, domain, added.domain);
  } else {
    const asked = await verifyDomain(resend, state.providerId);
    if (asked.kind === "failed") throw new AppError("upstream_failed", `Resend did not start verification: ${asked.message}`);
    const fresh = await getDomain(resend, state.providerId);
    if (fresh.kind === "ok") await save(ctx, domain, fresh.domain);
  }
  return storedSendingDomain(ctx);
}

/** Best effort: a domain left behind at Resend is only refused to the next claimant (409), never handed over. */
async function release(resend: ResendClient, providerId: string) {
  const removed = await removeDomain(resend, providerId);
  if (removed.kind === "failed") console.error("sending domain not removed from Resend", providerId, removed.message);
}

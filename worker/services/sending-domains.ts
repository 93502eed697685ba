import type { Config } from "../config";
import type { Store as StoreRow } from "../db/stores";
import { forgetStore } from "../db/store-cache";
import { claimSendingDomain, findSendingDomain, saveSendingDomain, sendingDomainOwner } from "../db/sending-domains";
import { domainOfAddress, sendingDomainStatusOf, sendingDomainView, type SenderSource, type SendingDomainView } from "../domain/email/sender";
import { AppError } from "../domain/errors";
import { addDomain, getDomain, verifyDomain, type ResendDomain } from "../integrations/resend-domains";
import type { ServiceContext, StoreContext } from "./context";
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

/**
 * POST: claims the domain of the store's from_email for this store (409 when another store holds
 * it), adds it to Resend on first use, and otherwise asks Resend to verify its DNS records again.
 */
export async function startSendingDomainVerification(ctx: StoreContext): Promise<SendingDomainView> {
  const resend = resendClient(ctx.config);
  if (!resend) throw new AppError("not_configured", "RESEND_API_KEY is not set: sending domains are verified with Resend");
  const domain = domainOfAddress(ctx.store.settings.from_email);
  const conflict = () => new AppError("conflict", `from_email: the domain ${domain} belongs to another store`, [{ field: "from_email", message: `the domain ${domain} belongs to another store` }]);
  if (await sendingDomainOwner(ctx.db, domain, ctx.store.id)) throw conflict();
  let state = await findSendingDomain(ctx.db, ctx.store.id);
  if (state?.domain !== domain) {
    if (!(await claimSendingDomain(ctx.db, ctx.store.id, domain))) throw conflict();
    state = { domain, providerId: null, status: "not_started", records: [] };
  }
  if (!state.providerId) {
    const added = await addDomain(resend, domain);
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

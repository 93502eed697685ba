import { z } from "zod";
import type { StoredSettings } from "../settings";

export const SENDING_DOMAIN_STATUSES = ["not_started", "pending", "verified", "failed"] as const;
export type SendingDomainStatus = (typeof SENDING_DOMAIN_STATUSES)[number];

export const dnsRecordSchema = z.object({ type: z.string(), name: z.string(), value: z.string() });
export type DnsRecord = z.infer<typeof dnsRecordSchema>;

/** What the API shows of a store's sending domain (read-only, in settings and at /store/sending-domain). */
export const sendingDomainViewSchema = z.object({
  domain: z.string(),
  status: z.enum(SENDING_DOMAIN_STATUSES),
  records: z.array(dnsRecordSchema),
});
export type SendingDomainView = z.infer<typeof sendingDomainViewSchema>;

/** The sending domain a store has claimed, as kept with the store. */
export type SendingDomainState = { domain: string | null; status: SendingDomainStatus; records: DnsRecord[] };

export const domainOfAddress = (address: string) => address.slice(address.lastIndexOf("@") + 1).toLowerCase();

/**
 * The store's domain as the API shows it: the domain of its current from_email. A domain claimed
 * earlier for another address no longer counts (its status and records belong to that domain).
 */
export function sendingDomainView(fromEmail: string, state: SendingDomainState): SendingDomainView {
  const domain = domainOfAddress(fromEmail);
  return state.domain === domain ? { domain, status: state.status, records: state.records } : { domain, status: "not_started", records: [] };
}

/**
 * Resend's words for a domain's state, folded into ours: anything still in progress (including a
 * partial verification) is pending, and a temporary failure is a failure until re-checked.
 */
export function sendingDomainStatusOf(providerStatus: string): SendingDomainStatus {
  switch (providerStatus) {
    case "verified":
      return "verified";
    case "not_started":
      return "not_started";
    case "failed":
    case "temporary_failure":
    case "partially_failed":
      return "failed";
    default:
      return "pending";
  }
}

/** What decides a store's sender besides its settings: its sending domain and the operator's sender. */
export type SenderSource = { sendingDomain: SendingDomainState; defaultFrom: string };

export type SenderIdentity = { from: { name: string; address: string }; replyTo: string | null };

/** The address inside an operator's `"Name" <address>` (or a bare address). */
export const addressOf = (mailbox: string) => (mailbox.match(/<([^<>\s]+)>\s*$/)?.[1] ?? mailbox).trim();

/**
 * Who an email is from. A store speaks with its own from_email only once that address's domain is
 * verified as the store's own; until then the operator's DEFAULT_FROM sends it, under the store's
 * name, and replies still reach the store. So no store can send as another brand's domain.
 */
export function chooseSender(
  settings: Pick<StoredSettings, "name" | "from_name" | "from_email" | "reply_to">,
  sender: SenderSource,
): SenderIdentity {
  const name = settings.from_name || settings.name;
  const { domain, status } = sender.sendingDomain;
  if (status === "verified" && domain === domainOfAddress(settings.from_email)) {
    return { from: { name, address: settings.from_email }, replyTo: settings.reply_to };
  }
  return { from: { name, address: addressOf(sender.defaultFrom) }, replyTo: settings.reply_to ?? settings.from_email };
}

/** A `Received Email` event as the coordinator needs it: when, from which flow, under what name. */
export type KlaviyoReceivedEmail = {
  datetime: string;
  flowId: string | null;
  campaignName: string | null;
  subject: string | null;
};

const RECOVERY_WORDS = /abandon|cart|checkout/i;

/**
 * Klaviyo's own most recent recovery email among those an address received: from one of the
 * flows the merchant marked as recovery flows, or, when none are marked, one whose flow message
 * name or subject speaks of an abandoned cart or checkout.
 */
export function latestKlaviyoRecoveryEmail(received: KlaviyoReceivedEmail[], recoveryFlowIds: string[]): { at: number; label: string } | null {
  const isRecovery = (email: KlaviyoReceivedEmail) =>
    recoveryFlowIds.length > 0
      ? email.flowId !== null && recoveryFlowIds.includes(email.flowId)
      : [email.campaignName, email.subject].some((text) => text !== null && RECOVERY_WORDS.test(text));
  const latest = received.filter(isRecovery).sort((a, b) => Date.parse(b.datetime) - Date.parse(a.datetime))[0];
  return latest ? { at: Date.parse(latest.datetime), label: latest.campaignName ?? latest.subject ?? "a recovery email" } : null;
}

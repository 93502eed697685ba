import type { Cart } from "../cart";
import { stripControlChars } from "../plain-text";
import type { StoredSettings } from "../settings";
import type { Step } from "../steps";
import { buildEmailLinks, type LinkSealers } from "./email-links";
import { renderRecoveryEmail, type EmailContent } from "./recovery-email";
import { chooseSender, type SenderIdentity, type SenderSource } from "./sender";

/** A ready-to-send email in no provider's format; services/email maps it to the provider's at the edge. */
export type OutgoingEmail = {
  from: { name: string; address: string };
  to: string;
  replyTo: string | null;
  subject: string;
  html: string;
  text: string;
  /** Extra headers, such as the one-click unsubscribe pair. */
  headers: Record<string, string>;
  /** Labels the provider reports back with every delivery event, so an event finds its sequence. */
  tags: Record<string, string>;
};

export type ComposedEmail = { content: EmailContent; payload: OutgoingEmail };

/** The full email of one step for one shopper: rendered content plus every header and tag the provider needs. */
export async function composeRecoveryEmail(args: {
  settings: StoredSettings;
  storeId: string;
  sequenceId: string;
  step: Step;
  cart: Cart;
  to: string;
  sealers: LinkSealers;
  baseUrl: string;
  sender: SenderSource;
}): Promise<ComposedEmail> {
  const links = await buildEmailLinks({
    sealers: args.sealers,
    baseUrl: args.baseUrl,
    storeId: args.storeId,
    sequenceId: args.sequenceId,
    stepId: args.step.id,
    to: args.to,
    cart: args.cart,
    domains: args.settings.domains,
  });
  const content = renderRecoveryEmail({ settings: args.settings, step: args.step, cart: args.cart, links });
  const payload: OutgoingEmail = {
    // Header values stay one line even for settings saved before control characters were refused.
    ...oneLineSender(chooseSender(args.settings, args.sender)),
    to: args.to,
    subject: stripControlChars(content.subject),
    html: content.html,
    text: content.text,
    headers: {
      "List-Unsubscribe": `<${links.unsubscribe}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
    tags: { type: "cart_recovery", step: args.step.id, store_id: args.storeId, sequence_id: args.sequenceId },
  };
  return { content, payload };
}

function oneLineSender({ from, replyTo }: SenderIdentity): SenderIdentity {
  return { from: { ...from, name: stripControlChars(from.name) }, replyTo };
}

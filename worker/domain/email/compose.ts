import type { Cart } from "../cart";
import type { StoredSettings } from "../settings";
import type { Step } from "../steps";
import { buildEmailLinks, type LinkSealers } from "./email-links";
import { renderRecoveryEmail, type EmailContent } from "./recovery-email";

/** `"Name" <address>`, quoted so a comma or quote in a store's name cannot break the header. */
export function fromHeader(name: string, address: string) {
  return name ? `"${name.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}" <${address}>` : address;
}

/** A ready-to-send email in no provider's format; the email provider's client takes it as it is. */
export type OutgoingEmail = {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  reply_to?: string;
  headers: Record<string, string>;
  tags: { name: string; value: string }[];
};

export type ComposedEmail = { content: EmailContent; payload: OutgoingEmail };

/** The full email of one step for one shopper: rendered content plus every header and tag Resend needs. */
export async function composeRecoveryEmail(args: {
  settings: StoredSettings;
  storeId: string;
  sequenceId: string;
  step: Step;
  cart: Cart;
  to: string;
  sealers: LinkSealers;
  baseUrl: string;
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
    from: fromHeader(args.settings.from_name, args.settings.from_email),
    to: [args.to],
    subject: content.subject,
    html: content.html,
    text: content.text,
    ...(args.settings.reply_to ? { reply_to: args.settings.reply_to } : {}),
    headers: {
      "List-Unsubscribe": `<${links.unsubscribe}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
    tags: [
      { name: "type", value: "cart_recovery" },
      { name: "step", value: args.step.id },
      { name: "store_id", value: args.storeId },
      { name: "sequence_id", value: args.sequenceId },
    ],
  };
  return { content, payload };
}

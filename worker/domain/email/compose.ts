import type { ResendEmail } from "../../integrations/resend";
import { tagValue } from "../../integrations/resend";
import type { Cart } from "../cart";
import type { StoredSettings } from "../settings";
import type { Step } from "../steps";
import { buildEmailLinks, type LinkSealers } from "./email-links";
import { renderRecoveryEmail, type EmailContent } from "./recovery-email";

/** `"Name" <address>`, quoted so a comma or quote in a store's name cannot break the header. */
export function fromHeader(name: string, address: string) {
  return name ? `"${name.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}" <${address}>` : address;
}

export type ComposedEmail = { content: EmailContent; payload: ResendEmail };

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
  const payload: ResendEmail = {
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
      { name: "step", value: tagValue(args.step.id) },
      { name: "store_id", value: tagValue(args.storeId) },
      { name: "sequence_id", value: tagValue(args.sequenceId) },
    ],
  };
  return { content, payload };
}

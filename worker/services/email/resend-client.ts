import type { Config } from "../../config";
import type { OutgoingEmail } from "../../domain/email/compose";
import { mailbox, tagValue, type ResendClient, type ResendEmail } from "../../integrations/resend";

/** The Resend client for this deployment, or null in outbox mode (no RESEND_API_KEY): emails are kept, never sent. */
export function resendClient(config: Config): ResendClient | null {
  return config.RESEND_API_KEY ? { baseUrl: config.RESEND_BASE_URL, apiKey: config.RESEND_API_KEY } : null;
}

/** The edge between our email and Resend's request format. */
export function toResendEmail(email: OutgoingEmail): ResendEmail {
  return {
    from: mailbox(email.from.name, email.from.address),
    to: [email.to],
    subject: email.subject,
    html: email.html,
    text: email.text,
    ...(email.replyTo ? { reply_to: email.replyTo } : {}),
    headers: email.headers,
    tags: Object.entries(email.tags).map(([name, value]) => ({ name, value: tagValue(value) })),
  };
}

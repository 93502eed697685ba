import type { Config } from "../../config";
import type { ResendClient } from "../../integrations/resend";

/** The Resend client for this deployment, or null in outbox mode (no RESEND_API_KEY): emails are kept, never sent. */
export function resendClient(config: Config): ResendClient | null {
  return config.RESEND_API_KEY ? { baseUrl: config.RESEND_BASE_URL, apiKey: config.RESEND_API_KEY } : null;
}

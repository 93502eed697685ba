import { z } from "zod";

/** One email as Resend's `POST /emails/batch` takes it (the fields Reva uses). */
const resendEmailSchema = z.object({
  from: z.string().min(3),
  to: z.array(z.string()).min(1).max(50),
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  reply_to: z.string().optional(),
  headers: z.record(z.string(), z.string()),
  tags: z.array(z.object({ name: z.string(), value: z.string() })),
});
export type ResendEmail = z.infer<typeof resendEmailSchema>;

/** Checks a stored request body without rebuilding it, so it is resent exactly as it was first sent. */
export const isResendEmail = (value: unknown): value is ResendEmail => resendEmailSchema.safeParse(value).success;

export type ResendClient = { baseUrl: string; apiKey: string; timeoutMs?: number };

export type BatchOutcome =
  | { kind: "sent"; ids: string[] }
  | { kind: "rate_limited"; retryAfterSeconds: number }
  | { kind: "rejected"; status: number; message: string }
  | { kind: "unavailable"; message: string };

const USER_AGENT = "reva-cart-recovery/1.0";
const batchResponse = z.object({ data: z.array(z.object({ id: z.string() })) });
const errorResponse = z.object({ message: z.string().optional(), name: z.string().optional() }).loose();

/** Tag values may hold only ASCII letters, digits, `_` and `-` (Resend rejects anything else). */
export const tagValue = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 256);

/** `"Name" <address>`, quoted so a comma or quote in a sender's name cannot break the header. */
export function mailbox(name: string, address: string) {
  return name ? `"${name.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}" <${address}>` : address;
}

/**
 * Sends up to 100 emails in one request. The idempotency key makes a retried request return the
 * first answer instead of sending again (Resend keeps keys 24 h; another body under the same key
 * is a 409). 429 and 5xx/timeouts are for the caller to retry; any other 4xx is final.
 */
export async function sendBatch(client: ResendClient, emails: ResendEmail[], idempotencyKey: string): Promise<BatchOutcome> {
  let response: Response;
  try {
    response = await fetch(`${client.baseUrl}/emails/batch`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${client.apiKey}`,
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "idempotency-key": idempotencyKey,
      },
      body: JSON.stringify(emails),
      signal: AbortSignal.timeout(client.timeoutMs ?? 10_000),
    });
  } catch (error) {
    return { kind: "unavailable", message: error instanceof Error ? error.message : String(error) };
  }
  if (response.ok) {
    const body = batchResponse.safeParse(await response.json().catch(() => null));
    if (!body.success || body.data.data.length !== emails.length) return { kind: "unavailable", message: "unexpected batch response from Resend" };
    return { kind: "sent", ids: body.data.data.map((entry) => entry.id) };
  }
  const error = errorResponse.safeParse(await response.json().catch(() => ({})));
  const message = `Resend ${response.status}${error.success && error.data.name ? ` ${error.data.name}` : ""}: ${error.success ? (error.data.message ?? "") : ""}`.trim();
  if (response.status === 429) {
    const retryAfter = Number(response.headers.get("retry-after"));
    return { kind: "rate_limited", retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 1 };
  }
  // A concurrent request with the same key is still running: its outcome is not known yet.
  if (response.status >= 500 || (error.success && error.data.name === "concurrent_idempotent_requests")) return { kind: "unavailable", message };
  return { kind: "rejected", status: response.status, message };
}

const domainsResponse = z.object({ data: z.array(z.object({ name: z.string(), status: z.string() })) });

export type DomainsOutcome = { kind: "ok"; domains: { name: string; status: string }[] } | { kind: "failed"; message: string };

/** The account's sending domains: an authenticated read that proves the key works and shows what it may send from. */
export async function listDomains(client: ResendClient): Promise<DomainsOutcome> {
  let response: Response;
  try {
    response = await fetch(`${client.baseUrl}/domains`, {
      headers: { authorization: `Bearer ${client.apiKey}`, "user-agent": USER_AGENT },
      signal: AbortSignal.timeout(client.timeoutMs ?? 2_000),
    });
  } catch (error) {
    return { kind: "failed", message: error instanceof Error ? error.message : String(error) };
  }
  if (!response.ok) {
    const error = errorResponse.safeParse(await response.json().catch(() => ({})));
    return { kind: "failed", message: `Resend ${response.status}: ${error.success ? (error.data.message ?? "") : ""}`.trim() };
  }
  const body = domainsResponse.safeParse(await response.json().catch(() => null));
  return body.success ? { kind: "ok", domains: body.data.data.map(({ name, status }) => ({ name, status })) } : { kind: "failed", message: "unexpected answer from Resend" };
}

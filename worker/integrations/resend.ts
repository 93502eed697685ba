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

/** What became of one email of an answered batch: Resend's id, or why Resend refused that email alone. */
export type EmailResult = { id: string } | { error: string };

export type BatchOutcome =
  /** Answered: one result per email, in the request's order (some may be refused, see permissive mode). */
  | { kind: "sent"; results: EmailResult[] }
  | { kind: "rate_limited"; retryAfterSeconds: number }
  /** The account cannot send (bad key, unverified sending domain): nothing was sent, and no shopper's email is at fault. */
  | { kind: "account_problem"; status: number; message: string }
  | { kind: "rejected"; status: number; message: string }
  | { kind: "unavailable"; message: string };

const USER_AGENT = "reva-cart-recovery/1.0";
/** Permissive mode answers the created emails in `data` (request order) and each refused one in `errors` by its index. */
const batchResponse = z.object({
  data: z.array(z.object({ id: z.string() })),
  errors: z.array(z.object({ index: z.int().nonnegative(), message: z.string() })).optional(),
});

/**
 * One result per email: the refused indexes get their message, the others take the created ids
 * in order. Null when the answer does not account for every email exactly once.
 */
function emailResults(count: number, answer: z.infer<typeof batchResponse>): EmailResult[] | null {
  const refused = new Map((answer.errors ?? []).map((e) => [e.index, e.message]));
  if (refused.size !== (answer.errors ?? []).length || answer.data.length + refused.size !== count) return null;
  if ([...refused.keys()].some((index) => index >= count)) return null;
  const ids = answer.data.map((entry) => entry.id);
  return Array.from({ length: count }, (_, index) => {
    const error = refused.get(index);
    return error === undefined ? { id: ids.shift() as string } : { error };
  });
}

/**
 * Answers that say the account cannot send at all, whatever the email: a missing or invalid key
 * (401/403) or a sending domain Resend has not verified. They are the operator's to fix.
 */
const isAccountProblem = (status: number, message: string) => status === 401 || status === 403 || /domain is not verified/i.test(message);

const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;
const MAILBOX = /^(?:"(?:[^"\\\r\n]|\\.)*" )?<?([^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+)>?$/;
/** RFC 5322's line limit; a longer subject is folded or refused along the way. */
const MAX_SUBJECT = 998;
/** Resend's limit on one email, attachments included (Reva sends none). */
const MAX_EMAIL_BYTES = 40 * 1024 * 1024;

/**
 * Why Resend would refuse this email, checked before it is sent so that it fails alone and at once
 * (null when it is fine). Mirrors Resend's documented rules for the fields Reva sends.
 */
export function resendEmailProblem(email: ResendEmail): string | null {
  if (!MAILBOX.test(email.from)) return `invalid sender ${JSON.stringify(email.from)}`;
  if (email.to.length === 0 || email.to.length > 50) return "an email needs 1 to 50 recipients";
  const badTo = email.to.find((address) => !ADDRESS.test(address));
  if (badTo !== undefined) return `invalid recipient ${JSON.stringify(badTo)}`;
  if (email.reply_to !== undefined && !MAILBOX.test(email.reply_to)) return `invalid reply-to ${JSON.stringify(email.reply_to)}`;
  if (email.subject.trim() === "") return "the subject is empty";
  if (/[\r\n]/.test(email.subject)) return "the subject holds a line break";
  if (email.subject.length > MAX_SUBJECT) return `the subject is ${email.subject.length} characters long (at most ${MAX_SUBJECT})`;
  if (Object.values(email.headers).some((value) => /[\r\n]/.test(value))) return "a header holds a line break";
  const bytes = new TextEncoder().encode(email.html).length + new TextEncoder().encode(email.text).length;
  if (bytes > MAX_EMAIL_BYTES) return `the email is ${bytes} bytes (Resend takes at most ${MAX_EMAIL_BYTES})`;
  return null;
}
const errorResponse = z.object({ message: z.string().optional(), name: z.string().optional() }).loose();

/** Tag values may hold only ASCII letters, digits, `_` and `-` (Resend rejects anything else). */
export const tagValue = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 256);

/** `"Name" <address>`, quoted so a comma or quote in a sender's name cannot break the header. */
export function mailbox(name: string, address: string) {
  return name ? `"${name.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}" <${address}>` : address;
}

/**
 * Sends up to 100 emails in one request, in permissive mode: Resend creates the valid ones and
 * answers each refused one by its index. The idempotency key makes a retried request return the
 * first answer instead of sending again (Resend keeps keys 24 h; another body under the same key
 * is a 409). 429 and 5xx/timeouts are for the caller to retry; an account problem is the
 * operator's; any other 4xx is final.
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
        // One bad email fails alone instead of failing its 99 batch-mates (strict mode is the default).
        "x-batch-validation": "permissive",
      },
      body: JSON.stringify(emails),
      signal: AbortSignal.timeout(client.timeoutMs ?? 10_000),
    });
  } catch (error) {
    return { kind: "unavailable", message: error instanceof Error ? error.message : String(error) };
  }
  if (response.ok) {
    const body = batchResponse.safeParse(await response.json().catch(() => null));
    const results = body.success ? emailResults(emails.length, body.data) : null;
    if (!results) return { kind: "unavailable", message: "unexpected batch response from Resend" };
    return { kind: "sent", results };
  }
  const error = errorResponse.safeParse(await response.json().catch(() => ({})));
  const message = `Resend ${response.status}${error.success && error.data.name ? ` ${error.data.name}` : ""}: ${error.success ? (error.data.message ?? "") : ""}`.trim();
  if (response.status === 429) {
    const retryAfter = Number(response.headers.get("retry-after"));
    return { kind: "rate_limited", retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 1 };
  }
  // A concurrent request with the same key is still running: its outcome is not known yet.
  if (response.status >= 500 || (error.success && error.data.name === "concurrent_idempotent_requests")) return { kind: "unavailable", message };
  if (isAccountProblem(response.status, message)) return { kind: "account_problem", status: response.status, message };
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

import type { ServiceContext } from "../context";
import { integrationCall, recordOperatorProblem } from "../integration-health";

/**
 * How long a store's sending stays paused after Resend refused its account or sending domain
 * (401, 403, "domain is not verified"): an operator problem, which no retry of the shoppers'
 * emails can fix. After it, one delivery checks again; a successful connection test or test
 * email resumes the store at once.
 */
const PAUSE_MS = 15 * 60_000;
/** How soon an email held by the pause is tried again, so a store resumed early sends soon. */
const RECHECK_MS = 5 * 60_000;

export type SendingPause = { until: number; reason: string };

const reasonOf = (message: string | null) =>
  `sending paused for this store: Resend refused the account or its sending domain (${message ?? "no detail"}); fix it in Resend, then test the Resend integration`;

/**
 * The store's Resend health for one delivery (one D1 read): whether sending is paused, and a
 * `succeeded` that resumes it (writing only when it changes something).
 */
export async function sendingHealth(ctx: Pick<ServiceContext, "db">, storeId: string, now = Date.now()) {
  const call = await integrationCall(ctx, storeId, "resend", now);
  const pause: SendingPause | null = call.open ? { until: Math.min(call.openUntil ?? now + RECHECK_MS, now + RECHECK_MS), reason: reasonOf(call.lastError) } : null;
  return { pause, succeeded: call.succeeded };
}

/** Pauses the store's sending (shown under resend in GET /api/v1/integrations); what it holds back waits. */
export async function pauseSending(ctx: Pick<ServiceContext, "db">, storeId: string, message: string, now = Date.now()): Promise<SendingPause> {
  await recordOperatorProblem(ctx, storeId, "resend", message, PAUSE_MS, now);
  return { until: now + RECHECK_MS, reason: reasonOf(message) };
}

/** Resend just sent for the store: a pause ends. */
export async function resumeSending(ctx: Pick<ServiceContext, "db">, storeId: string) {
  await (await integrationCall(ctx, storeId, "resend")).succeeded();
}

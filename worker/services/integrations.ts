import { countDeadLetters } from "../db/dead-letters";
import type { HealthRow } from "../db/integration-health";
import { ANALYTICS_BACKLOG_QUEUE } from "../domain/analytics-message";
import { INTEGRATIONS, type IntegrationName } from "../domain/catalogue";
import { notFound } from "../domain/errors";
import { checkAccount } from "../integrations/klaviyo";
import { validateEvents } from "../integrations/ga4";
import { listDomains } from "../integrations/resend";
import { drainBacklog } from "./analytics-fanout";
import type { StoreContext } from "./context";
import { summariseDeliverability } from "./deliverability";
import { resendClient } from "./email/resend-client";
import { ga4ClientFor } from "./ga4-client";
import { healthOf, integrationCall } from "./integration-health";
import { klaviyoClientFor } from "./klaviyo-check";

type Circuit = "closed" | "open" | "half_open";

function circuitOf(row: HealthRow | undefined, now: number): Circuit {
  if (!row?.openUntil) return "closed";
  return Date.parse(row.openUntil) > now ? "open" : row.failures > 0 ? "half_open" : "closed";
}

function isConfigured({ config, store }: StoreContext, name: IntegrationName) {
  if (name === "resend") return resendClient(config) !== null;
  if (name === "klaviyo") return store.settings.klaviyo.api_key !== null;
  return store.settings.ga4.measurement_id !== null && store.settings.ga4.api_secret !== null;
}

/**
 * What each integration is doing for the store: configured, last success, last error, circuit,
 * events waiting and events dropped. Never a key: health rows hold none, and messages are the
 * clients' own, which leave keys out.
 */
export async function listIntegrations(ctx: StoreContext, now = Date.now()) {
  const rows = await healthOf(ctx, ctx.store.id);
  const waiting = await countDeadLetters(ctx.db, ctx.store.id, ANALYTICS_BACKLOG_QUEUE);
  const entry = (name: IntegrationName) => {
    const row = rows.find((r) => r.integration === name);
    return {
      configured: isConfigured(ctx, name),
      last_success: row?.lastSuccessAt ?? null,
      last_error: row?.lastError && row.lastErrorAt ? { message: row.lastError, at: row.lastErrorAt } : null,
      circuit_state: circuitOf(row, now),
      events_waiting: name === "resend" ? 0 : waiting,
      events_dropped: row?.dropped ?? 0,
    };
  };
  return { resend: { ...entry("resend"), deliverability: (await summariseDeliverability(ctx)).summary }, klaviyo: entry("klaviyo"), ga4: entry("ga4") };
}

export type ConnectionTest = { name: IntegrationName; ok: boolean; detail: string; messages: { field: string; description: string; code: string }[] };

/** A live check with the store's own credentials: Klaviyo an authenticated read, GA4 its validation endpoint, Resend the key's domains. */
export async function testIntegration(ctx: StoreContext, name: string): Promise<ConnectionTest> {
  if (!(INTEGRATIONS as readonly string[]).includes(name)) throw notFound("integration");
  const integration = name as IntegrationName;
  const outcome = await runCheck(ctx, integration);
  const call = await integrationCall(ctx, ctx.store.id, integration);
  if (outcome.ok) {
    await call.succeeded();
    // The merchant just saw it work again: what waited in the backlog goes now, not with the next event.
    if (integration !== "resend") await drainBacklog(ctx, ctx.store.id);
  } else if (outcome.detail !== NOT_CONFIGURED) await call.failed(outcome.detail);
  return { name: integration, messages: [], ...outcome };
}

const NOT_CONFIGURED = "not configured";

async function runCheck(ctx: StoreContext, name: IntegrationName): Promise<Omit<ConnectionTest, "name" | "messages"> & { messages?: ConnectionTest["messages"] }> {
  if (name === "resend") {
    const client = resendClient(ctx.config);
    if (!client) return { ok: false, detail: NOT_CONFIGURED };
    const result = await listDomains(client);
    if (result.kind !== "ok") return { ok: false, detail: result.message };
    return { ok: true, detail: `Resend key works; domains: ${result.domains.map((d) => `${d.name} (${d.status})`).join(", ") || "none yet"}` };
  }
  if (name === "klaviyo") {
    const client = await klaviyoClientFor(ctx, ctx.store);
    if (!client) return { ok: false, detail: NOT_CONFIGURED };
    const result = await checkAccount(client);
    if (result.kind !== "ok") return { ok: false, detail: result.kind === "rate_limited" ? `rate limited, retry after ${result.retryAfterSeconds} s` : result.message };
    return { ok: true, detail: `connected to Klaviyo account ${result.value.organizationName ?? result.value.id}` };
  }
  const client = await ga4ClientFor(ctx, ctx.store);
  if (!client) return { ok: false, detail: NOT_CONFIGURED };
  const sample = { client_id: "1234567890.1700000000", events: [{ name: "recovery_email_sent", params: { step: "email_2h" }, timestamp_micros: Date.now() * 1000 }] };
  const result = await validateEvents(client, sample);
  if (result.kind !== "ok") return { ok: false, detail: result.message };
  const messages = result.messages.map((m) => ({ field: m.fieldPath, description: m.description, code: m.validationCode }));
  return messages.length === 0
    ? { ok: true, detail: "GA4 accepts Reva's events (validation server)", messages }
    : { ok: false, detail: `GA4's validation server reports ${messages.length} problem(s)`, messages };
}

import type { KlaviyoFact } from "../domain/coordinator";
import { latestKlaviyoRecoveryEmail } from "../domain/klaviyo-recovery";
import { findMetricId, findProfileId, listReceivedEmails, type KlaviyoClient, type KlaviyoResult } from "../integrations/klaviyo";
import type { ServiceContext, Store } from "./context";
import { integrationCall } from "./integration-health";
import { storeSecrets } from "./store-secrets";

const RECEIVED_EMAIL = "Received Email";
const HOUR = 3_600_000;
/** A store's metric id hardly ever changes; an address's answer is reused briefly so a burst of due steps asks once. */
const METRIC_TTL_MS = HOUR;
const ANSWER_TTL_MS = 30_000;

const metricIds = new Map<string, { id: string | null; until: number }>();
const answers = new Map<string, { fact: KlaviyoFact; until: number }>();

/** The store's Klaviyo client, or null when it has not connected Klaviyo. */
export async function klaviyoClientFor({ config }: Pick<ServiceContext, "config">, store: Store): Promise<KlaviyoClient | null> {
  const sealed = store.settings.klaviyo.api_key;
  if (!sealed) return null;
  return { baseUrl: config.KLAVIYO_BASE_URL, apiKey: await storeSecrets(config).open(sealed.sealed) };
}

const failure = (result: Exclude<KlaviyoResult<unknown>, { kind: "ok" }>): KlaviyoFact => ({
  kind: "unavailable",
  message: result.kind === "rate_limited" ? `rate limited, retry after ${result.retryAfterSeconds} s` : result.message,
});

async function metricId(client: KlaviyoClient, storeId: string, now: number): Promise<KlaviyoResult<string | null>> {
  const hit = metricIds.get(storeId);
  if (hit && hit.until > now) return { kind: "ok", value: hit.id };
  const result = await findMetricId(client, RECEIVED_EMAIL);
  if (result.kind === "ok") metricIds.set(storeId, { id: result.value, until: now + METRIC_TTL_MS });
  return result;
}

/** Asks Klaviyo whether it sent the address one of its own recovery emails within the store's look-back. */
async function ask(client: KlaviyoClient, store: Store, email: string, now: number): Promise<KlaviyoFact> {
  const profile = await findProfileId(client, email);
  if (profile.kind !== "ok") return failure(profile);
  if (profile.value === null) return { kind: "clear" };
  const metric = await metricId(client, store.id, now);
  if (metric.kind !== "ok") return failure(metric);
  if (metric.value === null) return { kind: "clear" };
  const since = new Date(now - store.settings.klaviyo.lookback_hours * HOUR);
  const received = await listReceivedEmails(client, { profileId: profile.value, metricId: metric.value, since });
  if (received.kind !== "ok") return failure(received);
  const latest = latestKlaviyoRecoveryEmail(received.value, store.settings.klaviyo.recovery_flow_ids);
  return latest ? { kind: "recent", ...latest } : { kind: "clear" };
}

/**
 * Klaviyo's answer for the coordinator's rule 4, or null when the store has not connected
 * Klaviyo. Never throws and never waits past the client's 2 s per call: a failure, or a circuit
 * opened by repeated failures, is an `unavailable` answer for the store's failure policy.
 */
export async function checkKlaviyo(ctx: Pick<ServiceContext, "db" | "config">, store: Store, email: string, now = Date.now()): Promise<KlaviyoFact | null> {
  const client = await klaviyoClientFor(ctx, store);
  if (!client) return null;
  const key = `${store.id}/${email}`;
  const hit = answers.get(key);
  if (hit && hit.until > now) return hit.fact;
  const call = await integrationCall(ctx, store.id, "klaviyo", now);
  if (call.open) return { kind: "unavailable", message: `paused after ${call.failures} failures in a row; trying again shortly` };
  const fact = await ask(client, store, email, now);
  if (fact.kind === "unavailable") {
    await call.failed(fact.message);
    return fact;
  }
  await call.succeeded();
  answers.set(key, { fact, until: now + ANSWER_TTL_MS });
  return fact;
}

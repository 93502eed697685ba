import type { KlaviyoFact } from "../domain/coordinator";
import { latestKlaviyoRecoveryEmail } from "../domain/klaviyo-recovery";
import { findMetricId, findProfileIds, listReceivedEmails, type KlaviyoClient, type KlaviyoResult } from "../integrations/klaviyo";
import type { ServiceContext, Store } from "./context";
import { integrationCall } from "./integration-health";
import { storeSecrets } from "./store-secrets";

const RECEIVED_EMAIL = "Received Email";
const HOUR = 3_600_000;
/** A store's metric id hardly ever changes; an address's answer is reused briefly so a burst of due steps asks once. */
const METRIC_TTL_MS = HOUR;
const ANSWER_TTL_MS = 30_000;
/** Event look-ups in flight at once per delivery: well inside Klaviyo's burst limit for events. */
const PARALLEL_LOOKUPS = 10;

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

/** Asks Klaviyo, for each address, whether it sent one of its own recovery emails within the store's look-back. */
async function ask(client: KlaviyoClient, store: Store, emails: string[], now: number): Promise<Map<string, KlaviyoFact>> {
  const all = (fact: KlaviyoFact) => new Map(emails.map((email) => [email, fact]));
  const profiles = await findProfileIds(client, emails);
  if (profiles.kind !== "ok") return all(failure(profiles));
  const known = emails.filter((email) => profiles.value.has(email.toLowerCase()));
  if (known.length === 0) return all({ kind: "clear" });
  const metric = await metricId(client, store.id, now);
  if (metric.kind !== "ok") return all(failure(metric));
  if (metric.value === null) return all({ kind: "clear" });
  const since = new Date(now - store.settings.klaviyo.lookback_hours * HOUR);
  const facts = all({ kind: "clear" });
  for (let i = 0; i < known.length; i += PARALLEL_LOOKUPS) {
    await Promise.all(
      known.slice(i, i + PARALLEL_LOOKUPS).map(async (email) => {
        const received = await listReceivedEmails(client, { profileId: profiles.value.get(email.toLowerCase()) as string, metricId: metric.value as string, since });
        if (received.kind !== "ok") return facts.set(email, failure(received));
        const latest = latestKlaviyoRecoveryEmail(received.value, store.settings.klaviyo.recovery_flow_ids);
        facts.set(email, latest ? { kind: "recent", ...latest } : { kind: "clear" });
      }),
    );
  }
  return facts;
}

/**
 * Klaviyo's answers for the coordinator's rule 4, one per address, or null when the store has not
 * connected Klaviyo. A delivery asks once for all its shoppers of a store (one profile look-up per
 * 100 addresses). Never throws and never waits past the client's 2 s: a failure, or a circuit
 * opened by repeated failures, is an `unavailable` answer for the store's failure policy.
 */
export async function checkKlaviyo(ctx: Pick<ServiceContext, "db" | "config">, store: Store, emails: string[], now = Date.now()): Promise<Map<string, KlaviyoFact> | null> {
  const client = await klaviyoClientFor(ctx, store);
  if (!client) return null;
  const facts = new Map<string, KlaviyoFact>();
  const missing: string[] = [];
  for (const email of new Set(emails)) {
    const hit = answers.get(`${store.id}/${email}`);
    if (hit && hit.until > now) facts.set(email, hit.fact);
    else missing.push(email);
  }
  if (missing.length === 0) return facts;
  const call = await integrationCall(ctx, store.id, "klaviyo", now);
  if (call.open) {
    for (const email of missing) facts.set(email, { kind: "unavailable", message: `paused after ${call.failures} failures in a row; trying again shortly` });
    return facts;
  }
  const asked = await ask(client, store, missing, now);
  const failed = [...asked.values()].find((fact) => fact.kind === "unavailable");
  if (failed?.kind === "unavailable") await call.failed(failed.message);
  else await call.succeeded();
  for (const [email, fact] of asked) {
    facts.set(email, fact);
    if (fact.kind !== "unavailable") answers.set(`${store.id}/${email}`, { fact, until: now + ANSWER_TTL_MS });
  }
  return facts;
}

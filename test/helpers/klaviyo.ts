import { env } from "cloudflare:test";

/** An event Reva created, as the fake Klaviyo stored it. */
export type FakeKlaviyoEvent = {
  id: string;
  metric: string;
  email: string;
  properties: Record<string, unknown>;
  time: string;
  value: number | null;
  value_currency: string | null;
  unique_id: string;
};

/** One request the fake Klaviyo answered, with the headers that matter. */
export type FakeKlaviyoRequest = {
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | null;
  revision: string | null;
  accept: string | null;
  content_type: string | null;
  status: number;
  retry_after: string | null;
};

export type SeededEmail = {
  datetime: Date;
  flowId?: string;
  messageId?: string;
  campaignName?: string;
  subject?: string;
};

async function fakeKlaviyo<T>(path: string, body?: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${env.KLAVIYO_BASE_URL}${path}`, {
    method: body ? "POST" : "GET",
    headers: { "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`fake Klaviyo ${path}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? null : await response.json()) as T;
}

/** A private key the fake knows, with its own empty account (Klaviyo's built-in metrics only). */
export async function klaviyoAccount(organizationName = "Acme"): Promise<string> {
  const apiKey = `pk_${crypto.randomUUID().replaceAll("-", "")}`;
  await fakeKlaviyo("/__fake/accounts", { api_key: apiKey, organization_name: organizationName });
  return apiKey;
}

export async function seedKlaviyoProfile(apiKey: string, email: string): Promise<string> {
  return (await fakeKlaviyo<{ profile_id: string }>("/__fake/profiles", { api_key: apiKey, email })).profile_id;
}

/** Emails Klaviyo "delivered" to an address, as Received Email events on its profile. */
export async function seedReceivedEmails(apiKey: string, email: string, messages: SeededEmail[]) {
  return fakeKlaviyo<{ profile_id: string; metric_id: string; event_ids: string[] }>("/__fake/received-emails", {
    api_key: apiKey,
    email,
    messages: messages.map((m) => ({
      datetime: m.datetime.toISOString(),
      flow_id: m.flowId,
      message_id: m.messageId,
      campaign_name: m.campaignName,
      subject: m.subject,
    })),
  });
}

/**
 * `failStatus` answers every API call with that 5xx, `delayMs` answers late, `rateLimit`
 * replaces Klaviyo's per-endpoint limits for this key, `linksOrigin` puts pagination links on
 * another origin (a tampered answer); null restores the default.
 */
export async function configureKlaviyo(
  apiKey: string,
  options: {
    failStatus?: number | null;
    delayMs?: number | null;
    rateLimit?: { burst?: number; steady?: number } | null;
    linksOrigin?: string | null;
  },
) {
  await fakeKlaviyo("/__fake/configure", {
    api_key: apiKey,
    ...("failStatus" in options ? { fail_status: options.failStatus } : {}),
    ...("delayMs" in options ? { delay_ms: options.delayMs } : {}),
    ...("rateLimit" in options ? { rate_limit: options.rateLimit } : {}),
    ...("linksOrigin" in options ? { links_origin: options.linksOrigin } : {}),
  });
}

/** Events created through `POST /api/events` with this key (seeded ones are left out). */
export async function klaviyoEvents(apiKey: string): Promise<FakeKlaviyoEvent[]> {
  return (await fakeKlaviyo<{ events: FakeKlaviyoEvent[] }>(`/__fake/events?api_key=${encodeURIComponent(apiKey)}`)).events;
}

/** Every API request that presented this key, whether the fake knew it or not. */
export async function klaviyoRequests(apiKey: string): Promise<FakeKlaviyoRequest[]> {
  return (await fakeKlaviyo<{ requests: FakeKlaviyoRequest[] }>(`/__fake/requests?api_key=${encodeURIComponent(apiKey)}`)).requests;
}

export type SeededFlow = { name: string; status?: "draft" | "manual" | "live"; archived?: boolean; trigger_type?: string };

/** Flows in the key's account, as Get Flows lists them; answers their ids in order. */
export async function seedKlaviyoFlows(apiKey: string, flows: SeededFlow[]): Promise<string[]> {
  return (await fakeKlaviyo<{ flow_ids: string[] }>("/__fake/flows", { api_key: apiKey, flows })).flow_ids;
}

import { z } from "zod";

/** The API revision Reva is written against; Klaviyo answers every request in the revision it names. */
export const KLAVIYO_REVISION = "2026-10-15";

export type KlaviyoClient = { baseUrl: string; apiKey: string; timeoutMs?: number };

export type KlaviyoResult<T> =
  | { kind: "ok"; value: T }
  | { kind: "rate_limited"; retryAfterSeconds: number }
  | { kind: "unauthorized"; message: string }
  | { kind: "rejected"; status: number; message: string }
  | { kind: "unavailable"; message: string };

/**
 * One email Klaviyo delivered. `flowId` is null for campaign sends. For a flow email,
 * `campaignName` holds the flow message's name: events carry no flow name of their own.
 */
export type ReceivedEmail = {
  id: string;
  datetime: string;
  flowId: string | null;
  messageId: string | null;
  campaignName: string | null;
  subject: string | null;
};

export type KlaviyoEvent = {
  metric: string;
  email: string;
  properties: Record<string, string | number | boolean | null>;
  time: Date;
  value?: number;
  valueCurrency?: string;
  uniqueId: string;
};

export type KlaviyoAccount = { id: string; organizationName: string | null };

/** A flow of the merchant's account: `status` is Klaviyo's (draft, manual, live). */
export type KlaviyoFlow = { id: string; name: string; status: string; triggerType: string | null };

/** The product's rule: an integration slower than this counts as failed, so a sequence never waits on it. */
const DEFAULT_TIMEOUT_MS = 2000;
const JSON_API = "application/vnd.api+json";
/**
 * Bound each look-up's cost: 5 pages of 200 is far more email than one address gets in a
 * look-back window, and accounts hold tens of metrics, not 2,000.
 */
const MAX_EVENT_PAGES = 5;
const MAX_METRIC_PAGES = 10;
/**
 * Get Flows serves at most 50 a page and allows a burst of 3 requests a second: 3 pages read
 * 150 flows without being throttled, more than a store's recovery flows will ever be among.
 */
const FLOWS_PER_PAGE = 50;
const MAX_FLOW_PAGES = 3;

type Page<T> = { data: T[]; links?: { next?: string | null } };

const page = <T extends z.ZodType>(resource: T) =>
  z.object({ data: z.array(resource), links: z.object({ next: z.string().nullish() }).optional() });

const profilePage = page(z.object({ id: z.string() }));
const profileEmailPage = page(z.object({ id: z.string(), attributes: z.object({ email: z.string().nullable() }) }));
/** Klaviyo's largest profile page: one look-up answers this many addresses. */
const PROFILES_PER_REQUEST = 100;
const metricPage = page(z.object({ id: z.string(), attributes: z.object({ name: z.string().nullable() }) }));
const eventPage = page(
  z.object({
    id: z.string(),
    attributes: z.object({
      datetime: z.iso.datetime({ offset: true }),
      event_properties: z.record(z.string(), z.unknown()).nullable(),
    }),
  }),
);
const flowPage = page(
  z.object({
    id: z.string(),
    attributes: z.object({ name: z.string().nullable(), status: z.string().nullable(), trigger_type: z.string().nullish() }),
  }),
);
const accountPage = z.object({
  data: z
    .array(
      z.object({
        id: z.string(),
        attributes: z.object({ contact_information: z.object({ organization_name: z.string().nullish() }).optional() }),
      }),
    )
    .min(1),
});
const errorBody = z.object({
  errors: z.array(
    z.object({
      code: z.string().optional(),
      title: z.string().optional(),
      detail: z.string().optional(),
      source: z.object({ pointer: z.string().optional(), parameter: z.string().optional() }).optional(),
    }),
  ),
});

/**
 * A quoted filter argument. Without escaping, an address holding a quote would end the string
 * early and change the filter. Klaviyo documents quoting but not escaping; backslash escapes
 * are the usual convention and the one the fake Klaviyo parses.
 */
const quoted = (value: string) => `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;

/** Datetimes go unquoted: Klaviyo reads a quoted one as a string and refuses the filter. */
const datetime = (date: Date) => date.toISOString();

function url(client: KlaviyoClient, path: string, params: Record<string, string>) {
  const query = Object.entries(params)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join("&");
  return `${client.baseUrl}${path}?${query}`;
}

/** One deadline per call, shared by all of its pages, so the 2 s budget bounds the whole look-up. */
const deadline = (client: KlaviyoClient) => AbortSignal.timeout(client.timeoutMs ?? DEFAULT_TIMEOUT_MS);

function failure(error: unknown, client: KlaviyoClient): KlaviyoResult<never> {
  if (error instanceof Error && error.name === "TimeoutError") {
    return { kind: "unavailable", message: `Klaviyo did not answer within ${client.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms` };
  }
  return { kind: "unavailable", message: `Klaviyo unreachable: ${error instanceof Error ? error.message : String(error)}` };
}

async function call(client: KlaviyoClient, signal: AbortSignal, target: string, body?: unknown): Promise<KlaviyoResult<unknown>> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(target, {
      method: body === undefined ? "GET" : "POST",
      headers: {
        authorization: `Klaviyo-API-Key ${client.apiKey}`,
        revision: KLAVIYO_REVISION,
        accept: JSON_API,
        ...(body === undefined ? {} : { "content-type": JSON_API }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    text = await response.text();
  } catch (error) {
    return failure(error, client);
  }
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    if (response.ok) return { kind: "unavailable", message: `Klaviyo ${response.status}: the answer is not JSON` };
  }
  if (response.ok) return { kind: "ok", value: json };
  if (response.status === 429) {
    const retryAfter = Number(response.headers.get("retry-after"));
    return { kind: "rate_limited", retryAfterSeconds: Number.isInteger(retryAfter) && retryAfter > 0 ? retryAfter : 1 };
  }
  const first = errorBody.safeParse(json).data?.errors[0];
  const where = first?.source?.pointer ?? first?.source?.parameter;
  const message = [`Klaviyo ${response.status}`, first?.code, first?.detail ?? first?.title, where && `(at ${where})`].filter(Boolean).join(" ");
  if (response.status === 401 || response.status === 403) return { kind: "unauthorized", message };
  if (response.status >= 500) return { kind: "unavailable", message };
  return { kind: "rejected", status: response.status, message };
}

function parsed<T>(result: KlaviyoResult<unknown>, schema: z.ZodType<T>): KlaviyoResult<T> {
  if (result.kind !== "ok") return result;
  const body = schema.safeParse(result.value);
  return body.success ? { kind: "ok", value: body.data } : { kind: "unavailable", message: "unexpected answer from Klaviyo" };
}

/**
 * Follows `links.next` until the last page or `maxPages`; `more` says whether pages were left
 * unread. A next link to any other origin is not followed: it would carry the merchant's
 * private key there.
 */
async function pagesUpTo<T>(
  client: KlaviyoClient,
  first: string,
  schema: z.ZodType<Page<T>>,
  maxPages: number,
): Promise<KlaviyoResult<{ items: T[]; more: boolean }>> {
  const signal = deadline(client);
  const origin = new URL(client.baseUrl).origin;
  const items: T[] = [];
  let next: string | null | undefined = first;
  for (let count = 0; next && count < maxPages; count++) {
    if (new URL(next).origin !== origin) return { kind: "unavailable", message: `Klaviyo pointed to another origin: ${new URL(next).origin}` };
    const result: KlaviyoResult<Page<T>> = parsed(await call(client, signal, next), schema);
    if (result.kind !== "ok") return result;
    items.push(...result.value.data);
    next = result.value.links?.next;
  }
  return { kind: "ok", value: { items, more: Boolean(next) } };
}

async function pages<T>(client: KlaviyoClient, first: string, schema: z.ZodType<Page<T>>, maxPages: number): Promise<KlaviyoResult<T[]>> {
  const result = await pagesUpTo(client, first, schema, maxPages);
  return result.kind === "ok" ? { kind: "ok", value: result.value.items } : result;
}

/**
 * The profile ids of many addresses in as few requests as Klaviyo allows (`any(email, […])`, 100
 * a page), so a burst of due steps stays inside Klaviyo's profile rate limit. Keyed by the address
 * in lower case; an address Klaviyo does not know is absent.
 */
export async function findProfileIds(client: KlaviyoClient, emails: string[]): Promise<KlaviyoResult<Map<string, string>>> {
  const unique = [...new Set(emails.map((email) => email.toLowerCase()))];
  const ids = new Map<string, string>();
  const until = deadline(client);
  for (let i = 0; i < unique.length; i += PROFILES_PER_REQUEST) {
    const chunk = unique.slice(i, i + PROFILES_PER_REQUEST);
    const filter = `any(email,[${chunk.map(quoted).join(",")}])`;
    const target = url(client, "/api/profiles", { filter, "fields[profile]": "email", "page[size]": String(PROFILES_PER_REQUEST) });
    const result = parsed(await call(client, until, target), profileEmailPage);
    if (result.kind !== "ok") return result;
    for (const profile of result.value.data) if (profile.attributes.email) ids.set(profile.attributes.email.toLowerCase(), profile.id);
  }
  return { kind: "ok", value: ids };
}

/** Metrics cannot be filtered by name (only by integration), so the list is read and searched. */
export async function findMetricId(client: KlaviyoClient, name: string): Promise<KlaviyoResult<string | null>> {
  const result = await pages(client, url(client, "/api/metrics", { "fields[metric]": "name" }), metricPage, MAX_METRIC_PAGES);
  return result.kind === "ok" ? { kind: "ok", value: result.value.find((metric) => metric.attributes.name === name)?.id ?? null } : result;
}

const property = (properties: Record<string, unknown> | null, key: string) => {
  const value = properties?.[key];
  return typeof value === "string" && value !== "" ? value : null;
};

/**
 * The profile's events of one metric (Reva asks for Received Email) after `since`, newest first.
 * Property names are Klaviyo's own: `$flow` (flow id), `$message`, `Campaign Name`, `Subject`.
 */
export async function listReceivedEmails(
  client: KlaviyoClient,
  query: { profileId: string; metricId: string; since: Date },
): Promise<KlaviyoResult<ReceivedEmail[]>> {
  const filter = `and(equals(profile_id,${quoted(query.profileId)}),equals(metric_id,${quoted(query.metricId)}),greater-than(datetime,${datetime(query.since)}))`;
  const first = url(client, "/api/events", { filter, sort: "-datetime", "page[size]": "200", "fields[event]": "datetime,event_properties" });
  const result = await pages(client, first, eventPage, MAX_EVENT_PAGES);
  if (result.kind !== "ok") return result;
  return {
    kind: "ok",
    value: result.value.map(({ id, attributes: { datetime, event_properties: properties } }) => ({
      id,
      datetime: new Date(datetime).toISOString(),
      flowId: property(properties, "$flow"),
      messageId: property(properties, "$message"),
      campaignName: property(properties, "Campaign Name"),
      subject: property(properties, "Subject"),
    })),
  };
}

/**
 * Records one of Reva's events on the shopper's profile (created if new). Klaviyo keeps only the
 * first event per `unique_id`, profile and metric, so a retried call never counts twice.
 */
export async function createEvent(client: KlaviyoClient, event: KlaviyoEvent): Promise<KlaviyoResult<null>> {
  const body = {
    data: {
      type: "event",
      attributes: {
        properties: event.properties,
        time: event.time.toISOString(),
        ...(event.value === undefined ? {} : { value: event.value }),
        ...(event.valueCurrency === undefined ? {} : { value_currency: event.valueCurrency }),
        unique_id: event.uniqueId,
        metric: { data: { type: "metric", attributes: { name: event.metric } } },
        profile: { data: { type: "profile", attributes: { email: event.email } } },
      },
    },
  };
  const result = await call(client, deadline(client), `${client.baseUrl}/api/events`, body);
  return result.kind === "ok" ? { kind: "ok", value: null } : result;
}

/** An authenticated read for "test connection": the account the key belongs to. */
export async function checkAccount(client: KlaviyoClient): Promise<KlaviyoResult<KlaviyoAccount>> {
  const result = parsed(await call(client, deadline(client), `${client.baseUrl}/api/accounts`), accountPage);
  if (result.kind !== "ok") return result;
  const account = result.value.data[0]!;
  return { kind: "ok", value: { id: account.id, organizationName: account.attributes.contact_information?.organization_name ?? null } };
}

/**
 * The account's flows that are not archived, by name, for the merchant to mark its recovery
 * flows. `more` says the account has flows past the pages read.
 */
export async function listFlows(client: KlaviyoClient): Promise<KlaviyoResult<{ flows: KlaviyoFlow[]; more: boolean }>> {
  const first = url(client, "/api/flows", {
    filter: "equals(archived,false)",
    sort: "name",
    "fields[flow]": "name,status,trigger_type",
    "page[size]": String(FLOWS_PER_PAGE),
  });
  const result = await pagesUpTo(client, first, flowPage, MAX_FLOW_PAGES);
  if (result.kind !== "ok") return result;
  const flows = result.value.items.map(({ id, attributes }) => ({ id, name: attributes.name ?? id, status: attributes.status ?? "unknown", triggerType: attributes.trigger_type ?? null }));
  return { kind: "ok", value: { flows, more: result.value.more } };
}

import { z } from "zod";
import { sha256Hex } from "../security/hmac";

/** One GA4 web data stream's Measurement Protocol credentials (Admin > Data streams > Measurement Protocol API secrets). */
export type Ga4Client = { baseUrl: string; measurementId: string; apiSecret: string; timeoutMs?: number };

/** An ecommerce item (in `items` of `purchase` and `refund`): standard item parameters plus at most 10 custom ones. */
export type Ga4Item = Record<string, string | number>;

/** Event parameters: strings and numbers only (GA rejects booleans and objects); lists only under `items`. */
export type Ga4Params = Record<string, string | number | Ga4Item[]>;

/**
 * An event. Its own `timestamp_micros` takes precedence over the request's, so events that happened at different
 * times still share one request.
 */
export type Ga4Event = { name: string; params: Ga4Params; timestamp_micros?: number };

/** One Measurement Protocol request: the events of one browser (`client_id`), at most 25. */
export type Ga4Request = { client_id: string; user_id?: string; timestamp_micros?: number; events: Ga4Event[] };

export type Ga4ValidationMessage = { fieldPath: string; description: string; validationCode: string };

type Unavailable = { kind: "unavailable"; message: string };
type Rejected = { kind: "rejected"; status: number; message: string };
export type Ga4SendOutcome = { kind: "ok" } | Unavailable | Rejected;
export type Ga4ValidateOutcome = { kind: "ok"; messages: Ga4ValidationMessage[] } | Unavailable | Rejected;

/**
 * GA4's documented Measurement Protocol limits (sending-events#limitations). GA does not answer an error for a
 * breach: it ignores the request, the event or the parameter, so they are checked here before sending.
 */
export const GA4_LIMITS = {
  eventsPerRequest: 25,
  paramsPerEvent: 25,
  nameLength: 40,
  valueLength: 100,
  customItemParams: 10,
  maxAgeMs: 72 * 3600_000,
} as const;

/** Reserved event names (reference#reserved_names), with the three GA allows only for app streams. */
const RESERVED_EVENT_NAMES = new Set([
  "ad_activeview", "ad_click", "ad_exposure", "ad_query", "ad_reward", "adunit_exposure", "app_clear_data",
  "app_exception", "app_install", "app_remove", "app_store_refund", "app_update", "app_upgrade",
  "dynamic_link_app_open", "dynamic_link_app_update", "dynamic_link_first_open", "error", "firebase_campaign",
  "firebase_in_app_message_action", "firebase_in_app_message_dismiss", "firebase_in_app_message_impression",
  "first_open", "first_visit", "notification_dismiss", "notification_foreground", "notification_open",
  "notification_receive", "notification_send", "os_update", "session_start", "user_engagement",
  "ad_impression", "in_app_purchase", "screen_view",
]);
const RESERVED_EVENT_PREFIXES = ["firebase_", "ga_", "google_"];
// The one reserved parameter name, firebase_conversion, is covered by its prefix.
const RESERVED_PARAM_PREFIXES = ["_", "firebase_", "ga_", "google_", "gtag."];
const STANDARD_ITEM_PARAMS = new Set([
  "item_id", "item_name", "affiliation", "coupon", "discount", "index", "item_brand", "item_category",
  "item_category2", "item_category3", "item_category4", "item_category5", "item_list_id", "item_list_name",
  "item_variant", "location_id", "price", "quantity",
]);
const NAME_CHARACTERS = /^[A-Za-z0-9_]*$/;

function nameProblems(what: string, name: string, reservedPrefixes: string[]): string[] {
  const prefix = reservedPrefixes.find((p) => name.startsWith(p));
  // A reserved prefix is the real cause for `_x` or `gtag.x`; the character rules would only hide it.
  if (prefix) return [`${what} starts with "${prefix}", which Google Analytics reserves`];
  const problems: string[] = [];
  if (name.length > GA4_LIMITS.nameLength) problems.push(`${what} is ${name.length} characters long (at most ${GA4_LIMITS.nameLength})`);
  if (!/^[A-Za-z]/.test(name)) problems.push(`${what} must start with a letter`);
  if (!NAME_CHARACTERS.test(name)) problems.push(`${what} may hold only letters, digits and underscores`);
  return problems;
}

function valueProblems(what: string, value: unknown): string[] {
  if (typeof value === "string") {
    return value.length > GA4_LIMITS.valueLength ? [`${what} is ${value.length} characters long (at most ${GA4_LIMITS.valueLength})`] : [];
  }
  if (typeof value === "number") return Number.isFinite(value) ? [] : [`${what} is not a finite number`];
  return [`${what} must be a string or a number`];
}

function itemProblems(items: unknown): string[] {
  if (!Array.isArray(items)) return ['param "items" must be a list of items'];
  return items.flatMap((item: unknown, index) => {
    const at = `items[${index}]`;
    if (typeof item !== "object" || item === null || Array.isArray(item)) return [`${at} must be an object`];
    const entries = Object.entries(item);
    const problems: string[] = [];
    if (!("item_id" in item) && !("item_name" in item)) problems.push(`${at} needs an item_id or an item_name`);
    const custom = entries.filter(([name]) => !STANDARD_ITEM_PARAMS.has(name)).length;
    if (custom > GA4_LIMITS.customItemParams) problems.push(`${at} has ${custom} custom params (at most ${GA4_LIMITS.customItemParams})`);
    for (const [name, value] of entries) {
      problems.push(...nameProblems(`${at} param name "${name}"`, name, RESERVED_PARAM_PREFIXES), ...valueProblems(`${at}.${name}`, value));
    }
    return problems;
  });
}

/**
 * Everything GA4 would reject or silently drop in this event, as readable sentences (none when it is fine), so a
 * caller can fix or skip the event before sending. `now` is the sending time in ms, against the 72 h backdating window.
 */
export function eventProblems(event: Ga4Event, now = Date.now()): string[] {
  const problems = nameProblems(`event name "${event.name}"`, event.name, RESERVED_EVENT_PREFIXES);
  if (RESERVED_EVENT_NAMES.has(event.name)) problems.push(`event name "${event.name}" is reserved by Google Analytics`);
  const params = Object.entries(event.params);
  if (params.length > GA4_LIMITS.paramsPerEvent) problems.push(`${params.length} params (at most ${GA4_LIMITS.paramsPerEvent})`);
  for (const [name, value] of params) {
    problems.push(...nameProblems(`param name "${name}"`, name, RESERVED_PARAM_PREFIXES));
    if (name === "items") problems.push(...itemProblems(value));
    else problems.push(...valueProblems(`param "${name}"`, value));
  }
  const micros = event.timestamp_micros;
  if (micros !== undefined) {
    if (!Number.isSafeInteger(micros)) problems.push("timestamp_micros must be a whole number of microseconds");
    // With the default (relaxed) validation GA moves an older event to 72 h ago; strict validation rejects it.
    else if (now * 1000 - micros > GA4_LIMITS.maxAgeMs * 1000) problems.push(`timestamp is ${Math.floor((now - micros / 1000) / 3600_000)} h old (at most 72 h)`);
    else if (micros > now * 1000) problems.push("timestamp is in the future");
  }
  return problems;
}

/**
 * Splits one browser's events into requests of at most 25. A request names one `client_id`, so events of
 * different shoppers never share one. Each event keeps its own `timestamp_micros`, so no request-level one is set.
 * Events within the limits keep a full request far below GA's 130 kB body limit (25 × 25 × 140 characters).
 */
export function eventRequests(browser: { client_id: string; user_id?: string }, events: Ga4Event[]): Ga4Request[] {
  const requests: Ga4Request[] = [];
  for (let start = 0; start < events.length; start += GA4_LIMITS.eventsPerRequest) {
    requests.push({ ...browser, events: events.slice(start, start + GA4_LIMITS.eventsPerRequest) });
  }
  return requests;
}

/** The `GA1.1.` prefix is optional: the widget sends the client id already taken out of the cookie. */
const GA_COOKIE = /^(?:GA\d+\.\d+(?:-\d+)?\.)?(\d{1,19})\.(\d{1,19})$/;

/**
 * The client id in a `_ga` cookie value (`GA1.1.123456789.1700000000` → `123456789.1700000000`, or that id
 * as it stands), the id the storefront's own tag reports under, so Reva's events join the shopper's GA
 * sessions. Null when malformed.
 */
export function clientIdFromGaCookie(cookieValue: string | null | undefined): string | null {
  const [, random, seconds] = GA_COOKIE.exec(cookieValue?.trim() ?? "") ?? [];
  // GA requires two positive numbers.
  if (!random || !seconds || /^0+$/.test(random) || /^0+$/.test(seconds)) return null;
  return `${random}.${seconds}`;
}

/**
 * A client id in GA's own shape (a 31-bit random number and a 10-digit time in seconds) derived from a seed such as
 * store id + email, for a shopper without a `_ga` cookie: each of their events then counts as one browser, not many.
 */
export async function stableClientId(seed: string): Promise<string> {
  const hex = await sha256Hex(seed);
  const random = (Number.parseInt(hex.slice(0, 8), 16) % 2_147_483_647) + 1;
  const seconds = 1_000_000_000 + (Number.parseInt(hex.slice(8, 16), 16) % 1_000_000_000);
  return `${random}.${seconds}`;
}

const validationAnswer = z.object({
  validationMessages: z.array(
    z.object({
      // Absent when GA could not parse the payload at all (an unknown field, a wrong type).
      fieldPath: z.string().default(""),
      description: z.string(),
      validationCode: z.string(),
    }),
  ),
});

function endpoint(client: Ga4Client, path: string) {
  const query = new URLSearchParams({ measurement_id: client.measurementId, api_secret: client.apiSecret });
  return `${client.baseUrl}${path}?${query}`;
}

async function post(client: Ga4Client, path: string, body: unknown): Promise<Response | Unavailable> {
  try {
    return await fetch(endpoint(client, path), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(client.timeoutMs ?? 2000),
    });
  } catch (error) {
    // Never the URL: it carries the API secret.
    return { kind: "unavailable", message: `GA4 unreachable: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function failure(response: Response): Promise<Unavailable | Rejected> {
  const detail = (await response.text().catch(() => "")).trim().slice(0, 200);
  const message = `GA4 ${response.status}${detail ? `: ${detail}` : ""}`;
  if (response.status >= 500 || response.status === 429) return { kind: "unavailable", message };
  return { kind: "rejected", status: response.status, message };
}

/**
 * Sends one request to `/mp/collect`. GA answers 2xx even for an invalid payload or an unknown measurement id and
 * secret (then it drops the events), so "ok" means only "received": check events with `eventProblems` first.
 * "unavailable" (network, timeout, 5xx) does not prove the events were lost: GA may have recorded them before the
 * answer was lost, and the protocol has no idempotency key, so a retry can count them twice. Google's reference
 * advises never to retry a request answered with another status; those are "rejected" (in practice a wrong base
 * URL or a proxy: GA itself does not answer 4xx for a bad secret).
 */
export async function sendEvents(client: Ga4Client, request: Ga4Request): Promise<Ga4SendOutcome> {
  const response = await post(client, "/mp/collect", request);
  if (!(response instanceof Response)) return response;
  if (!response.ok) return failure(response);
  await response.body?.cancel();
  return { kind: "ok" };
}

/**
 * Asks GA's validation server (`/debug/mp/collect`) what it thinks of a request, with strict validation (Google's
 * advice for validating) so limits and stale timestamps are reported too; nothing reaches reports. It does not
 * check the measurement id or the API secret: no answer here proves the credentials work.
 */
export async function validateEvents(client: Ga4Client, request: Ga4Request): Promise<Ga4ValidateOutcome> {
  const response = await post(client, "/debug/mp/collect", { ...request, validation_behavior: "ENFORCE_RECOMMENDATIONS" });
  if (!(response instanceof Response)) return response;
  if (!response.ok) return failure(response);
  const answer = validationAnswer.safeParse(await response.json().catch(() => null));
  if (!answer.success) return { kind: "unavailable", message: "unexpected answer from the GA4 validation server" };
  return { kind: "ok", messages: answer.data.validationMessages };
}

import { env, SELF } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, createStore, patchSettings, postCart, type StoreKeys } from "../helpers/api";
import { svixHeaders } from "../helpers/resend";
import { shopifyCheckout, shopifySignature } from "../helpers/shopify";

/**
 * Issue 9, the proof: generated requests against every endpoint (wrong types, huge and unicode
 * strings, extreme numbers and dates, bad encodings, wrong content types, missing and forged auth)
 * must never answer 5xx, a rejected one must write no row, and the Worker must keep serving.
 *
 * Size: REVA_FUZZ_REQUESTS (a Worker binding set from the environment in vitest.config.ts);
 * 1,500 by default in `npm test`, ≥ 10,000 in `npm run test:chaos`. REVA_FUZZ_SEED replays a run.
 */
const REQUESTS = Number(env.REVA_FUZZ_REQUESTS) || 1_500;
const SEED = Number(env.REVA_FUZZ_SEED) || Date.now() % 2 ** 31;

type Fuzzed = { method: string; path: string; headers: Record<string, string>; body?: string | Uint8Array; label: string };
type Auth = "merchant" | "admin" | "widget" | "none";
type Endpoint = {
  method: string;
  path: (ids: Ids) => string;
  auth: Auth;
  /** A valid body to mutate (a fresh one per request), or none for bodiless endpoints. */
  body?: (n: number) => Record<string, unknown>;
  query?: string[];
  /** Bodies that reach their parser only when signed: the fuzz signs some of them correctly. */
  signed?: "shopify" | "resend";
};

type Ids = { sequence: string; otherSequence: string; pathNoise: string; store: string };

let a: StoreKeys;
let b: StoreKeys;
let sessionCookie: string;
let sequenceId: string;
let otherSequenceId: string;

const ENDPOINTS: Endpoint[] = [
  { method: "GET", path: () => "/healthz", auth: "none" },
  { method: "POST", path: () => "/api/v1/stores", auth: "admin", body: (n) => ({ name: `Fuzz ${n}`, domain: `fuzz${n}.example.com`, from_email: "fuzz@example.com" }) },
  { method: "POST", path: () => "/api/v1/session", auth: "none", body: () => ({ secret_key: a.secret_key }) },
  { method: "DELETE", path: () => "/api/v1/session", auth: "merchant" },
  { method: "GET", path: () => "/api/v1/store/settings", auth: "merchant" },
  { method: "PATCH", path: () => "/api/v1/store/settings", auth: "merchant", body: () => ({ from_name: "Fuzz", popup: { title: "Hi", body: "Line\nline" } }) },
  {
    method: "POST",
    path: () => "/api/v1/carts",
    auth: "merchant",
    body: (n) => ({
      cart_token: `fz-${n}-${crypto.randomUUID()}`,
      email: `fz${n}@example.com`,
      first_name: "Fuzz",
      accepts_marketing: true,
      currency: "USD",
      total_price: "10.00",
      checkout_url: "https://shop.example.com/checkouts/fz",
      items: [{ id: "sku", title: "Mug", variant_title: "Blue", price: "10.00", quantity: 1, url: "https://shop.example.com/p/mug", image_url: "https://cdn.example.com/mug.png" }],
      visitor_id: `v-${n}`,
      ga_client_id: "1.2",
      updated_at: new Date().toISOString(),
    }),
  },
  {
    method: "POST",
    path: () => "/api/v1/orders",
    auth: "merchant",
    body: (n) => ({ order_id: `fz-o-${n}`, cart_token: `fz-none-${n}`, email: `nobody${n}@example.com`, total_price: "1.00", currency: "USD", financial_status: "paid", created_at: new Date().toISOString() }),
  },
  { method: "POST", path: () => "/api/v1/refunds", auth: "merchant", body: (n) => ({ order_id: `fz-o-${n}`, refund_id: `r-${n}`, amount: "1.00", currency: "USD" }) },
  { method: "GET", path: () => "/api/v1/recovery/sequences", auth: "merchant", query: ["status", "step", "email", "limit", "cursor"] },
  { method: "GET", path: (ids) => `/api/v1/recovery/sequences/${ids.pathNoise}`, auth: "merchant" },
  { method: "POST", path: (ids) => `/api/v1/recovery/sequences/${ids.otherSequence}/stop`, auth: "merchant", body: () => ({ reason: "fuzz" }) },
  { method: "POST", path: (ids) => `/api/v1/recovery/sequences/${ids.pathNoise}/pause`, auth: "merchant" },
  { method: "POST", path: (ids) => `/api/v1/recovery/sequences/${ids.sequence}/resume`, auth: "merchant" },
  { method: "GET", path: () => "/api/v1/recovery/analytics", auth: "merchant", query: ["from", "to"] },
  { method: "GET", path: () => "/api/v1/outbox", auth: "merchant", query: ["limit"] },
  { method: "GET", path: () => "/api/v1/dead-letters", auth: "merchant", query: ["limit"] },
  { method: "GET", path: () => "/api/v1/suppressions", auth: "merchant", query: ["format", "q"] },
  { method: "POST", path: () => "/api/v1/suppressions", auth: "merchant", body: (n) => ({ email: `fuzz-suppressed-${n}@example.com` }) },
  { method: "GET", path: () => "/api/v1/integrations", auth: "merchant" },
  { method: "GET", path: () => "/api/v1/store/deliverability", auth: "merchant" },
  { method: "POST", path: () => "/api/v1/store/deliverability/resume", auth: "merchant" },
  { method: "POST", path: (ids) => `/api/v1/integrations/${ids.pathNoise}/test`, auth: "merchant" },
  { method: "GET", path: (ids) => `/api/v1/store/steps/${ids.pathNoise}/preview`, auth: "merchant", query: ["sequence_id"] },
  { method: "POST", path: () => "/api/v1/store/steps/email_2h/test", auth: "merchant", body: () => ({ to: "fuzz-test@example.com" }) },
  { method: "POST", path: () => "/api/v1/store/steps/email_2h/preview", auth: "merchant", body: (n) => ({ subject: `Draft ${n} {{first_name}}`, body: "Body {{item_count}}" }) },
  { method: "GET", path: (ids) => `/api/v1/store/steps/${ids.pathNoise}/preview.html`, auth: "merchant", query: ["sequence_id"] },
  { method: "POST", path: () => "/api/v1/store/steps/email_2h/preview.html", auth: "merchant", body: () => ({ subject: "Draft" }) },
  { method: "GET", path: (ids) => `/api/v1/outbox/${ids.pathNoise}/html`, auth: "merchant" },
  { method: "POST", path: () => "/api/v1/widget/session", auth: "widget", body: (n) => ({ visitor_id: `v-${n}`, cart_token: `fz-${n}`, ga_client_id: "1.2" }) },
  { method: "POST", path: () => "/api/v1/widget/events", auth: "widget", body: (n) => ({ visitor_id: `v-${n}`, sequence_id: sequenceId, event: "shown" }) },
  { method: "GET", path: () => "/unsubscribe", auth: "none", query: ["token"] },
  { method: "POST", path: () => "/unsubscribe", auth: "none", query: ["token"] },
  { method: "GET", path: (ids) => `/r/${ids.pathNoise}`, auth: "none" },
  { method: "POST", path: (ids) => `/webhooks/shopify/${ids.store}`, auth: "none", signed: "shopify", body: () => shopifyCheckout() },
  {
    method: "POST",
    path: () => "/webhooks/resend",
    auth: "none",
    signed: "resend",
    body: () => ({ type: "email.delivered", created_at: new Date().toISOString(), data: { email_id: crypto.randomUUID(), to: ["a@example.com"], tags: { store_id: a.id } } }),
  },
  // Paths that exist on other branches or not at all still answer 4xx, never 5xx.
  { method: "POST", path: () => "/api/v1/store/keys/rotate", auth: "merchant", body: () => ({ kind: "secret" }) },
  { method: "GET", path: (ids) => `/api/v1/${ids.pathNoise}`, auth: "merchant" },
];

// ---- values -------------------------------------------------------------------------------

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const nastyConstants = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\r\nX-Injected: 1",
  "\u0085\u2028\u2029",
  "\u202e",
  "javascript:alert(document.domain)//",
  "JAVASCRIPT:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "//evil.example.net",
  "https://",
  "9999-12-31T23:59:59Z",
  "0000-01-01T00:00:00Z",
  "+275760-09-13T00:00:00.000Z",
  "-271821-04-20T00:00:00Z",
  "2024-02-30T00:00:00Z",
  "1e309",
  "NaN",
  "-0",
  "__proto__",
  "constructor",
  "' OR 1=1 --",
  "%00",
  "../../../etc/passwd",
  "{{first_name}}",
  "{{ nope }}",
  "<script>alert(1)</script>",
  "😀".repeat(500),
  "e\u0301".repeat(300),
  "pk_live_forged",
  "sk_forged",
  "seq_00000000000000000000000000",
);
const nastyString = fc.oneof(
  { arbitrary: nastyConstants, weight: 4 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: fc.oneof(fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), loneSurrogate), maxLength: 20 }), weight: 1 },
  { arbitrary: fc.integer({ min: 1_000, max: 300_000 }).map((n) => "x".repeat(n)), weight: 1 },
);
const nastyNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, -1, 0.5, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 3600 * 24 * 365 * 1000, 253402300799999, -62167219200000),
);
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: nastyString, weight: 5 },
  { arbitrary: nastyNumber, weight: 3 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.constantFrom([], {}, [[]], { "": "" }), weight: 1 },
  { arbitrary: fc.array(nastyString, { maxLength: 4 }), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
);

const anyDate = fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
const fourDigitYear = fc
  .record({ year: fc.integer({ min: 0, max: 9999 }), ms: fc.integer({ min: 0, max: 365 * 86_400_000 }) })
  .map(({ year, ms }) => `${String(year).padStart(4, "0")}${new Date(Date.UTC(2001, 0, 1) + ms).toISOString().slice(4)}`);
const nastyDate = fc.oneof(
  fourDigitYear,
  anyDate,
  anyDate.map((iso) => iso.slice(0, 10)),
  fc.constantFrom("9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "1999-12-31T23:59:59.999Z", "2000-01-01T00:00:00Z", "+275760-09-13T00:00:00.000Z", "2024-02-30T00:00:00Z", "2024-01-01T25:00:00Z", "2024-01-01T00:00:00+14:00", "2024-01-01"),
);
const nastyUrl = fc.oneof(
  fc.webUrl(),
  fc.webUrl().map((url) => url.toUpperCase()),
  fc.constantFrom("javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\tjavascript:alert(1)", "data:text/html,x", "vbscript:x", "file:///etc/passwd", "ftp://a.example.com/", "https://", "http://[::1]/", "https://a.example.com/" + "x".repeat(3000)),
);
const nastyAmount = fc.oneof(nastyNumber, fc.constantFrom("1e9", "999999999.9999", "1000000000", "-1", "0.00001", "1,00", " 1", "")).map((v) => v as unknown);

const TYPED_KEYS: [RegExp, "date" | "url" | "amount"][] = [
  [/(_at|^from|^to)$/, "date"],
  [/url/, "url"],
  [/price|amount|quantity|limit|seconds|hours|days|max_|per_/, "amount"],
];
const typeOf = (key: string | number | undefined) => TYPED_KEYS.find(([pattern]) => pattern.test(String(key)))?.[1];

/** Every path to a value inside a payload ("items", "items.0", "items.0.title", …). */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => [[...prefix, i], ...pathsOf(item, [...prefix, i])]);
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
  return [];
}

function setAt(target: any, path: (string | number)[], value: unknown) {
  let at = target;
  for (const key of path.slice(0, -1)) at = at[key];
  at[path.at(-1)!] = value;
}

/** A body generator: the valid payload, one field made nasty, an unknown key, any JSON, or not JSON at all. */
const bodyVariant = fc.oneof(
  { arbitrary: fc.constant({ kind: "valid" as const }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant("mutate" as const),
      pick: fc.nat(),
      value: nastyValue,
      typed: fc.constantFrom(undefined, "date" as const, "url" as const, "amount" as const),
      date: nastyDate,
      url: nastyUrl,
      amount: nastyAmount,
    }),
    weight: 10,
  },
  { arbitrary: fc.record({ kind: fc.constant("drop" as const), pick: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("extra" as const), key: nastyString, value: nastyValue }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("json" as const), value: fc.jsonValue({ maxDepth: 4 }) }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant("raw" as const),
      text: fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.constantFrom("", "{", "[1,", "null", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u0000\"}", "\ufeff{}", "{\"__proto__\":{\"x\":1}}", "1e999"),
        fc.integer({ min: 1, max: 200_000 }).map((n) => "[".repeat(n) + "]".repeat(n)),
        fc.integer({ min: 1, max: 50_000 }).map((n) => '{"a":'.repeat(n) + "1" + "}".repeat(n)),
      ),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant("bytes" as const), bytes: fc.uint8Array({ maxLength: 300 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("latin1" as const) }), weight: 1 },
);
type BodyVariant = typeof bodyVariant extends fc.Arbitrary<infer T> ? T : never;

const contentType = fc.oneof(
  { arbitrary: fc.constant("application/json"), weight: 8 },
  {
    arbitrary: fc.constantFrom(
      "application/json; charset=utf-8",
      "APPLICATION/JSON",
      "application/vnd.api+json",
      "text/plain;charset=UTF-8",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/json; charset=latin1",
      "text/html",
      "*/*",
      "",
    ),
    weight: 3,
  },
  { arbitrary: fc.constant(undefined), weight: 1 },
);

const authVariant = fc.oneof(
  { arbitrary: fc.constant("valid" as const), weight: 12 },
  { arbitrary: fc.constantFrom("missing", "forged", "other-store", "wrong-kind", "garbage", "cookie", "forged-cookie") as fc.Arbitrary<string>, weight: 4 },
);

const queryValue = fc.oneof(
  nastyDate,
  fc.constantFrom("active", "paused", "stopped", "recovered", "csv", "json", "1", "100", "0", "-1", "1e3", "101", "2024-01-01", "2024-13-01", "0000-01-01", "9999-12-31"),
  nastyString.map((s) => s.slice(0, 300)),
);

const pathNoise = fc.oneof(
  fc.constantFrom("seq", "seq_00000000000000000000000000", "klaviyo", "ga4", "resend", "email_2h", "popup_1h", "%00", "%ED%A0%80", "%", "..%2F..%2F", "a%2Fb"),
  nastyString.map((s) => encodeURIComponent(s.slice(0, 300).replace(/[\uD800-\uDFFF]/g, "x"))),
  fc.constant("SEQ"),
);

/** Endpoints that take a body get three times the requests: that is where the rules are. */
const endpointIndex = fc.oneof(
  { arbitrary: fc.constantFrom(...ENDPOINTS.flatMap((e, i) => (e.body ? [i] : []))), weight: 3 },
  { arbitrary: fc.nat({ max: ENDPOINTS.length - 1 }), weight: 1 },
);

const fuzzInput = fc.record({
  endpoint: endpointIndex,
  auth: authVariant,
  body: bodyVariant,
  contentType,
  query: fc.array(fc.tuple(fc.oneof(fc.constantFrom("status", "limit", "cursor", "from", "to", "format", "token", "sequence_id", "key"), nastyString.map((s) => s.slice(0, 20))), queryValue), { maxLength: 3 }),
  pathNoise,
  sign: fc.boolean(),
  topic: fc.constantFrom("checkouts/create", "checkouts/update", "orders/create", "orders/paid", "refunds/create", "products/update", "", "CHECKOUTS/CREATE"),
  n: fc.nat(),
});
type FuzzInput = typeof fuzzInput extends fc.Arbitrary<infer T> ? T : never;

function encodeBody(base: Record<string, unknown> | undefined, variant: BodyVariant): string | Uint8Array | undefined {
  switch (variant.kind) {
    case "valid":
      return base ? JSON.stringify(base) : undefined;
    case "mutate":
    case "drop": {
      if (!base) return undefined;
      const all = pathsOf(base);
      // A typed mutation picks a date, URL or amount field and gives it a value of that shape, so it gets past the type check to the rule behind it.
      const typed = variant.kind === "mutate" && variant.typed ? all.filter((p) => typeOf(p.at(-1)) === variant.typed) : [];
      const paths = typed.length > 0 ? typed : all;
      if (paths.length === 0) return JSON.stringify(base);
      const path = paths[variant.pick % paths.length]!;
      if (variant.kind === "mutate") setAt(base, path, typed.length > 0 ? variant[typeOf(path.at(-1))!] : variant.value);
      else {
        const parent = path.slice(0, -1).reduce((at: any, key) => at[key], base);
        if (Array.isArray(parent)) parent.splice(path.at(-1) as number, 1);
        else delete parent[path.at(-1)!];
      }
      return JSON.stringify(base);
    }
    case "extra":
      return JSON.stringify({ ...(base ?? {}), [variant.key]: variant.value });
    case "json":
      return JSON.stringify(variant.value);
    case "raw":
      return variant.text;
    case "bytes":
      return variant.bytes;
    case "latin1":
      // Valid JSON encoded as Latin-1: "é" is the lone byte 0xE9, not UTF-8.
      return Uint8Array.from(JSON.stringify(base ?? { name: "café" }).replace(/"[^"]*"/, '"café"'), (ch) => ch.charCodeAt(0) & 0xff);
  }
}

async function buildRequest(input: FuzzInput): Promise<Fuzzed> {
  const endpoint = ENDPOINTS[input.endpoint]!;
  const ids: Ids = { sequence: sequenceId, otherSequence: input.sign ? sequenceId : otherSequenceId, pathNoise: input.pathNoise, store: input.sign ? a.id : input.pathNoise };
  const headers: Record<string, string> = {};
  const query = new URLSearchParams();
  for (const [name, value] of input.query) query.append(name, value);

  const validKey = endpoint.auth === "admin" ? ADMIN_TOKEN : endpoint.auth === "widget" ? a.publishable_key : a.secret_key;
  const keyFor: Record<string, string | undefined> = {
    valid: validKey,
    missing: undefined,
    forged: endpoint.auth === "widget" ? "pk_forged0000000000000000" : "sk_forged0000000000000000000000",
    "other-store": endpoint.auth === "widget" ? b.publishable_key : b.secret_key,
    "wrong-kind": endpoint.auth === "widget" ? a.secret_key : a.publishable_key,
    garbage: "%%% not a key ===",
  };
  if (input.auth === "cookie") headers.cookie = sessionCookie;
  else if (input.auth === "forged-cookie") headers.cookie = "reva_session=forged.value.here";
  else if (endpoint.auth === "widget" && input.auth === "valid" && input.n % 2 === 0) query.set("key", a.publishable_key);
  else if (input.auth === "garbage") headers.authorization = `Basic ${keyFor.garbage}`;
  else if (keyFor[input.auth]) headers.authorization = `Bearer ${keyFor[input.auth]}`;

  let body = encodeBody(endpoint.body?.(input.n), input.body);
  if (body === undefined && input.body.kind !== "valid" && input.body.kind !== "mutate" && input.body.kind !== "drop") body = encodeBody({}, input.body);
  if (body !== undefined && input.contentType !== undefined) headers["content-type"] = input.contentType;

  if (endpoint.signed === "shopify") {
    headers["x-shopify-topic"] = input.topic;
    headers["x-shopify-webhook-id"] = `fz-${input.n}`;
    if (input.sign && body !== undefined) headers["x-shopify-hmac-sha256"] = await shopifySignature(a.webhook_secret, typeof body === "string" ? body : new TextDecoder().decode(body));
    else if (input.auth !== "missing") headers["x-shopify-hmac-sha256"] = "Zm9yZ2Vk";
  }
  if (endpoint.signed === "resend" && typeof body === "string") {
    if (input.sign) Object.assign(headers, await svixHeaders(body), input.contentType === undefined ? {} : { "content-type": input.contentType });
    else if (input.auth !== "missing") Object.assign(headers, { "svix-id": "msg_x", "svix-timestamp": "1", "svix-signature": "v1,Zm9yZ2Vk" });
  }
  const search = query.size > 0 ? `?${query}` : "";
  const path = `${endpoint.path(ids)}${search}`;
  return { method: endpoint.method, path, headers, body: endpoint.method === "GET" ? undefined : body, label: `${endpoint.method} ${endpoint.path({ ...ids, pathNoise: ":p" })} auth=${input.auth} body=${input.body.kind} type=${input.contentType}` };
}

// ---- rows ---------------------------------------------------------------------------------

/**
 * Written only by queue consumers, after a request was accepted: a rejected request enqueues
 * nothing, and an earlier accepted one may still be landing there, so they are not counted.
 */
const WRITTEN_BY_CONSUMERS = new Set(["analytics_deliveries", "integration_health", "dead_letters"]);
let countRows: D1PreparedStatement;

async function prepareRowCount() {
  const tables = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'").all<{ name: string }>();
  const counted = tables.results.map((t) => t.name).filter((name) => !WRITTEN_BY_CONSUMERS.has(name));
  countRows = env.DB.prepare(`SELECT ${counted.map((name) => `(SELECT count(*) FROM "${name}") AS "${name}"`).join(", ")}`);
}
const rowCounts = async () => (await countRows.first<Record<string, number>>())!;

function changedTables(before: Record<string, number>, after: Record<string, number>) {
  return Object.keys(after).filter((table) => after[table] !== before[table]).map((table) => `${table} ${before[table]}→${after[table]}`);
}

// ---- the run ------------------------------------------------------------------------------

beforeAll(async () => {
  a = await createStore();
  b = await createStore();
  // Steps months away and a one-day horizon: carts the fuzz gets accepted never fall due while it runs.
  const far = 60 * 60 * 24 * 80;
  const steps = [
    { id: "popup_1h", channel: "popup", delay_seconds: far },
    { id: "email_2h", channel: "email", delay_seconds: far + 60, subject: "Hi {{first_name}}", body: "Your cart" },
  ];
  await patchSettings(a.secret_key, { steps, abandonment_horizon_days: 1 });
  await patchSettings(b.secret_key, { steps, abandonment_horizon_days: 1 });
  sequenceId = (await postCart(a.secret_key)).sequence.id;
  otherSequenceId = (await postCart(b.secret_key)).sequence.id;
  const signIn = await SELF.fetch("https://reva.test/api/v1/session", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ secret_key: a.secret_key }) });
  sessionCookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0]!;
  await prepareRowCount();
});

describe("fuzz: generated requests across every endpoint (issue 9)", () => {
  it(`${REQUESTS} requests: no 5xx, no row from a rejected request, the Worker keeps serving (seed ${SEED})`, { timeout: 900_000 }, async () => {
    const inputs = fc.sample(fuzzInput, { numRuns: REQUESTS, seed: SEED });
    const serverErrors: string[] = [];
    const leaks: string[] = [];
    const statuses = new Map<number, number>();
    for (const [index, input] of inputs.entries()) {
      const fuzzed = await buildRequest(input);
      const before = await rowCounts();
      const response = await SELF.fetch(`https://reva.test${fuzzed.path}`, { method: fuzzed.method, headers: fuzzed.headers, body: fuzzed.body, redirect: "manual" });
      const text = await response.text();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status >= 500) {
        const sent = typeof fuzzed.body === "string" ? fuzzed.body.slice(0, 400) : fuzzed.body ? `${fuzzed.body.length} bytes` : "no body";
        serverErrors.push(`#${index} ${fuzzed.label} ${fuzzed.path.slice(0, 200)} → ${response.status} ${text.slice(0, 200)} | sent ${sent}`);
      }
      if (response.status >= 400) {
        const changed = changedTables(before, await rowCounts());
        if (changed.length > 0) leaks.push(`#${index} ${fuzzed.label} → ${response.status} wrote ${changed.join(", ")}`);
      }
      if (index % 200 === 199) expect((await SELF.fetch("https://reva.test/healthz")).status).toBe(200);
    }
    console.log(`fuzz: ${REQUESTS} requests, seed ${SEED}, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([x], [y]) => x - y)))}`);
    expect(serverErrors.slice(0, 20)).toEqual([]);
    expect(leaks.slice(0, 20)).toEqual([]);
    // Enough of the requests got past authentication to exercise validation, and some were accepted.
    expect((statuses.get(422) ?? 0) + (statuses.get(400) ?? 0)).toBeGreaterThan(REQUESTS / 10);
    expect([...statuses].filter(([status]) => status < 300).reduce((sum, [, n]) => sum + n, 0)).toBeGreaterThan(REQUESTS / 50);
    expect((await SELF.fetch("https://reva.test/healthz")).status).toBe(200);
  });
});

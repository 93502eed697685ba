// A fake of Klaviyo's REST API (the endpoints Reva calls) for tests and benchmarks. It checks
// what the real API checks — the `Klaviyo-API-Key` header, a known `revision`, `accept` and
// `content-type`, the JSON:API body of Create Event, the filter syntax and each endpoint's
// filterable fields, page sizes, cursors — and answers like it: JSON:API documents, JSON:API
// errors, 202 for a new event, `unique_id` dedupe, per-account rate limits with Retry-After.
// Everything lives per API key, so tests that use different keys never see each other's data.
// Control endpoints (/__fake/…) register keys, seed profiles, flows and Received Email events, inject
// failures and read back what Reva created and sent. Plain JS so both vitest's globalSetup and
// `node bench/…` can load it.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";

const JSON_API = "application/vnd.api+json";
/** Revisions the real API serves (stable and deprecated ones); any other is refused. */
const REVISIONS = new Set([
  "2025-01-15", "2025-04-15", "2025-07-15", "2025-10-15",
  "2026-01-15", "2026-04-15", "2026-07-15", "2026-10-15",
]);
/** [burst per second, steady per minute] per account, from each endpoint's API reference. */
const LIMITS = {
  "GET /api/accounts": [1, 15],
  "GET /api/flows": [3, 60],
  "GET /api/metrics": [10, 150],
  "GET /api/profiles": [75, 750],
  "GET /api/events": [350, 3500],
  "POST /api/events": [350, 3500],
};
/** Klaviyo's own email metrics, present in every account. */
const BUILT_IN_METRICS = ["Received Email", "Opened Email", "Clicked Email", "Bounced Email", "Marked Email as Spam", "Unsubscribed"];
const COMPARISONS = ["greater-or-equal", "greater-than", "less-or-equal", "less-than"];
/** Filterable fields per endpoint: [value type, operators], as each endpoint's `filter` parameter lists them. */
const FILTERS = {
  profiles: {
    id: ["string", ["equals", "any"]],
    email: ["string", ["equals", "any"]],
    phone_number: ["string", ["equals", "any"]],
    external_id: ["string", ["equals", "any"]],
    created: ["datetime", ["greater-than", "less-than"]],
    updated: ["datetime", ["greater-than", "less-than"]],
  },
  events: {
    metric_id: ["string", ["equals"]],
    profile_id: ["string", ["equals"]],
    datetime: ["datetime", COMPARISONS],
    timestamp: ["number", COMPARISONS],
  },
  metrics: { "integration.name": ["string", ["equals"]], "integration.category": ["string", ["equals"]] },
  flows: {
    id: ["string", ["any"]],
    name: ["string", ["contains", "ends-with", "equals", "starts-with"]],
    status: ["string", ["equals"]],
    archived: ["boolean", ["equals"]],
    created: ["datetime", COMPARISONS],
    updated: ["datetime", COMPARISONS],
    trigger_type: ["string", ["equals"]],
  },
};
const OPERATORS = new Set(["equals", "any", "has", "contains", "contains-any", "contains-all", "starts-with", "ends-with", ...COMPARISONS]);
const DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const FLOW_STATUSES = new Set(["draft", "manual", "live"]);
const FLOW_TRIGGERS = new Set(["Added to List", "Date Based", "Low Inventory", "Metric", "Price Drop", "Unconfigured"]);
const FLOW_SORTS = ["created", "id", "name", "status", "trigger_type", "updated"].flatMap((field) => [field, `-${field}`]);
const EVENT_ATTRIBUTES = new Set(["properties", "time", "value", "value_currency", "unique_id", "backfill", "metric", "profile"]);
const PROFILE_IDENTIFIERS = ["email", "phone_number", "external_id", "anonymous_id", "_kx"];

const error = (status, code, title, detail, source = {}) => ({
  status,
  body: { errors: [{ id: randomUUID(), status, code, title, detail, source, links: {}, meta: {} }] },
});
const invalid = (detail, source) => error(400, "invalid", "Invalid input.", detail, source);
const notFound = () => error(404, "not_found", "Not found.", "The requested resource does not exist.");

class Refusal extends Error {
  constructor(answer) {
    super(answer.body.errors[0].detail);
    this.answer = answer;
  }
}
const refuse = (answer) => {
  throw new Refusal(answer);
};
const badFilter = (detail) => refuse(invalid(`Invalid filter provided. ${detail}`, { parameter: "filter" }));

/** Klaviyo writes datetimes with an explicit offset and no fraction. */
const isoSeconds = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");
const shortId = () => randomUUID().replaceAll("-", "").slice(0, 6).toUpperCase();

/**
 * Parses a filter expression: `op(field,value)`, `and(…)`, `or(…)`, `not(…)`, or a top-level list
 * separated by commas (an implicit and). Strings are quoted ("…" or '…', backslash escapes);
 * datetimes, numbers, booleans and null are bare; lists are `["a","b"]`.
 */
function parseFilter(source) {
  let at = 0;
  const skipSpaces = () => {
    while (source[at] === " ") at++;
  };
  const expect = (char) => {
    skipSpaces();
    if (source[at] !== char) badFilter(`Expected "${char}" at position ${at}. Verify your parentheses match.`);
    at++;
  };
  const token = (pattern, what) => {
    skipSpaces();
    const match = pattern.exec(source.slice(at));
    if (!match) badFilter(`Expected ${what} at position ${at}.`);
    at += match[0].length;
    return match[0];
  };
  function value() {
    skipSpaces();
    const quote = source[at];
    if (quote === '"' || quote === "'") {
      let text = "";
      for (at++; at < source.length && source[at] !== quote; at++) {
        if (source[at] === "\\") at++;
        text += source[at] ?? "";
      }
      if (source[at] !== quote) badFilter("Unterminated string.");
      at++;
      return { type: "string", value: text };
    }
    if (quote === "[") {
      at++;
      const items = [];
      skipSpaces();
      if (source[at] !== "]") {
        items.push(value());
        for (skipSpaces(); source[at] === ","; skipSpaces()) {
          at++;
          items.push(value());
        }
      }
      expect("]");
      return { type: "list", value: items };
    }
    const bare = token(/^[^,()[\]\s]+/, "a value");
    if (bare === "true" || bare === "false") return { type: "boolean", value: bare === "true" };
    if (bare === "null") return { type: "null", value: null };
    if (/^-?\d+(\.\d+)?$/.test(bare)) return { type: "number", value: Number(bare) };
    if (DATETIME.test(bare) && !Number.isNaN(Date.parse(bare))) return { type: "datetime", value: Date.parse(bare) };
    return badFilter(`${bare} is not a valid value; strings must be quoted.`);
  }
  function expression() {
    const op = token(/^[a-z][a-z-]*/, "an operator");
    expect("(");
    if (op === "and" || op === "or" || op === "not") {
      const parts = [expression()];
      for (skipSpaces(); source[at] === ","; skipSpaces()) {
        at++;
        parts.push(expression());
      }
      expect(")");
      if (op === "not" && parts.length !== 1) badFilter("not() takes one expression.");
      return { op, parts };
    }
    if (!OPERATORS.has(op)) badFilter(`Unknown operator ${op}.`);
    const field = token(/^[A-Za-z_$][\w.$-]*/, "a field name");
    expect(",");
    const argument = value();
    expect(")");
    return { op, field, argument };
  }
  const parts = [expression()];
  for (skipSpaces(); source[at] === ","; skipSpaces()) {
    at++;
    parts.push(expression());
  }
  if (at !== source.length) badFilter(`Unexpected text at position ${at}. Verify your parentheses match.`);
  return parts.length === 1 ? parts[0] : { op: "and", parts };
}

/** Checks a parsed filter against an endpoint's fields and returns a predicate over its records. */
function predicate(tree, fields, read) {
  if (tree.parts) {
    if (tree.op !== "and") badFilter(`${tree.op}() is not supported on this endpoint.`);
    const checks = tree.parts.map((part) => predicate(part, fields, read));
    return (record) => checks.every((check) => check(record));
  }
  const spec = fields[tree.field];
  if (!spec) badFilter(`'${tree.field}' is not a filterable field for this resource.`);
  const [type, operators] = spec;
  if (!operators.includes(tree.op)) badFilter(`Operator ${tree.op} is not allowed for field '${tree.field}'.`);
  const argument = tree.argument;
  if (tree.op === "any") {
    if (argument.type !== "list" || !argument.value.every((item) => item.type === type)) badFilter(`any(${tree.field}, …) takes a list of ${type} values.`);
    const wanted = argument.value.map((item) => item.value);
    return (record) => wanted.some((want) => same(read(record, tree.field), want, tree.field));
  }
  if (argument.type !== type) badFilter(`'${tree.field}' takes a ${type} value${type === "datetime" ? " (unquoted)" : type === "string" ? " (quoted)" : ""}, got a ${argument.type}.`);
  const want = argument.value;
  const compare = {
    equals: (have) => same(have, want, tree.field),
    contains: (have) => String(have).includes(want),
    "starts-with": (have) => String(have).startsWith(want),
    "ends-with": (have) => String(have).endsWith(want),
    "greater-than": (have) => have > want,
    "greater-or-equal": (have) => have >= want,
    "less-than": (have) => have < want,
    "less-or-equal": (have) => have <= want,
  }[tree.op];
  return (record) => compare(read(record, tree.field));
}

/** Klaviyo treats addresses case-insensitively; every other string compares exactly. */
const same = (have, want, field) => (field === "email" ? String(have).toLowerCase() === String(want).toLowerCase() : have === want);

/** Opaque cursors bound to the query they page through, like Klaviyo's. */
const cursorFor = (offset, filter) => Buffer.from(JSON.stringify({ offset, filter })).toString("base64url");
function offsetOf(cursor, filter) {
  if (cursor === null) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Number.isInteger(parsed.offset) && parsed.offset >= 0 && parsed.filter === filter) return parsed.offset;
  } catch {
    // falls through to the refusal below
  }
  return refuse(invalid("Invalid page cursor.", { parameter: "page[cursor]" }));
}

function pageSize(url, { fallback, max }) {
  const raw = url.searchParams.get("page[size]");
  if (raw === null) return fallback;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > max) refuse(invalid(`page[size] must be an integer between 1 and ${max}.`, { parameter: "page[size]" }));
  return size;
}

/** Query parameters each endpoint takes; anything else is refused rather than silently ignored. */
function checkParameters(url, allowed) {
  for (const name of url.searchParams.keys()) {
    if (!allowed.includes(name)) refuse(invalid(`'${name}' is not a valid query parameter.`, { parameter: name }));
  }
}

function sparseFields(url, type, allowed) {
  const raw = url.searchParams.get(`fields[${type}]`);
  if (raw === null) return null;
  const fields = raw.split(",");
  for (const field of fields) {
    if (!allowed.includes(field)) refuse(invalid(`'${field}' is not a valid field for fields[${type}].`, { parameter: `fields[${type}]` }));
  }
  return fields;
}

const pick = (attributes, fields) => (fields ? Object.fromEntries(Object.entries(attributes).filter(([key]) => fields.includes(key))) : attributes);

/** Pointer of the first problem in a Create Event body, or null. */
function checkEventBody(body) {
  const at = (pointer, detail) => invalid(detail, { pointer });
  const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
  if (!isObject(body) || !isObject(body.data)) return at("/data", "This field is required.");
  if (body.data.type !== "event") return at("/data/type", `Expected type 'event', got '${body.data.type}'.`);
  const attributes = body.data.attributes;
  if (!isObject(attributes)) return at("/data/attributes", "This field is required.");
  for (const key of Object.keys(attributes)) {
    if (!EVENT_ATTRIBUTES.has(key)) return at(`/data/attributes/${key}`, `'${key}' is not a valid field for the resource 'event'.`);
  }
  if (!isObject(attributes.properties)) return at("/data/attributes/properties", "This field is required and must be an object.");
  if (Object.keys(attributes.properties).length > 400) return at("/data/attributes/properties", "An event may have at most 400 properties.");
  for (const [key, value] of Object.entries(attributes.properties)) {
    if (typeof value === "string" && value.length > 100_000) return at(`/data/attributes/properties/${key}`, "Strings may be at most 100 KB.");
  }
  if (attributes.time != null) {
    const time = typeof attributes.time === "string" && DATETIME.test(attributes.time) ? Date.parse(attributes.time) : Number.NaN;
    if (Number.isNaN(time)) return at("/data/attributes/time", "Invalid datetime; use ISO 8601.");
    if (time < Date.UTC(1990, 0, 1) || time > Date.now() + 366 * 86_400_000) return at("/data/attributes/time", "The time must be after 1990 and at most 1 year in the future.");
  }
  if (attributes.value != null && typeof attributes.value !== "number") return at("/data/attributes/value", "Must be a number.");
  if (attributes.value_currency != null && !/^[A-Z]{3}$/.test(attributes.value_currency)) return at("/data/attributes/value_currency", "Must be an ISO 4217 currency code.");
  if (attributes.unique_id != null && typeof attributes.unique_id !== "string") return at("/data/attributes/unique_id", "Must be a string.");
  const metric = attributes.metric?.data;
  if (!isObject(metric)) return at("/data/attributes/metric/data", "This field is required.");
  if (metric.type !== "metric") return at("/data/attributes/metric/data/type", `Expected type 'metric', got '${metric.type}'.`);
  const name = metric.attributes?.name;
  if (typeof name !== "string" || name.length === 0) return at("/data/attributes/metric/data/attributes/name", "This field is required.");
  if (name.length >= 128) return at("/data/attributes/metric/data/attributes/name", "Must be less than 128 characters.");
  const profile = attributes.profile?.data;
  if (!isObject(profile)) return at("/data/attributes/profile/data", "This field is required.");
  if (profile.type !== "profile") return at("/data/attributes/profile/data/type", `Expected type 'profile', got '${profile.type}'.`);
  const identity = profile.attributes ?? {};
  if (!profile.id && !PROFILE_IDENTIFIERS.some((key) => typeof identity[key] === "string" && identity[key])) {
    return at("/data/attributes/profile/data/attributes", "A profile identifier (id, email, phone_number or external_id) is required.");
  }
  if (identity.email != null && (typeof identity.email !== "string" || !EMAIL.test(identity.email))) return at("/data/attributes/profile/data/attributes/email", "Invalid email address.");
  return null;
}

/** @param {{ port?: number }} options */
export async function startFakeKlaviyo({ port = 0 } = {}) {
  /** @type {Map<string, any>} */
  const accounts = new Map();
  /** Requests per presented key, known or not, so a test can read what a bad key sent too. */
  const requests = new Map();

  function newAccount(apiKey, organizationName) {
    const account = {
      id: shortId(),
      apiKey,
      organizationName,
      profiles: [],
      metrics: [],
      events: [],
      flows: [],
      windows: new Map(),
      limits: null,
      failStatus: null,
      delayMs: 0,
      linksOrigin: null,
    };
    for (const name of BUILT_IN_METRICS) metricNamed(account, name, { name: "Klaviyo", category: "Internal" });
    return account;
  }

  function metricNamed(account, name, integration) {
    let metric = account.metrics.find((m) => m.name === name && m.integration.name === integration.name);
    if (!metric) {
      const now = Date.now();
      metric = { id: shortId(), name, integration: { object: "integration", id: shortId().toLowerCase(), ...integration }, created: now, updated: now };
      account.metrics.push(metric);
    }
    return metric;
  }

  function profileFor(account, email) {
    let profile = account.profiles.find((p) => same(p.email, email, "email"));
    if (!profile) {
      const now = Date.now();
      profile = { id: `01${randomUUID().replaceAll("-", "").slice(0, 24).toUpperCase()}`, email, created: now, updated: now };
      account.profiles.push(profile);
    }
    return profile;
  }

  /** Fixed windows per account and endpoint, each opened by the first request after the last one closed. */
  function throttled(account, endpoint, now) {
    const [burst, steady] = account.limits ?? LIMITS[endpoint];
    const windows = account.windows.get(endpoint) ?? { second: { start: now, count: 0 }, minute: { start: now, count: 0 } };
    account.windows.set(endpoint, windows);
    if (now - windows.second.start >= 1000) windows.second = { start: now, count: 0 };
    if (now - windows.minute.start >= 60_000) windows.minute = { start: now, count: 0 };
    if (windows.minute.count >= steady) return Math.max(1, Math.ceil((windows.minute.start + 60_000 - now) / 1000));
    if (windows.second.count >= burst) return 1;
    windows.second.count++;
    windows.minute.count++;
    return 0;
  }

  const resource = (base, type, id, attributes, relationships) => ({
    type,
    id,
    attributes,
    ...(relationships ? { relationships } : {}),
    links: { self: `${base}/api/${type}s/${id}/` },
  });

  /** One page of `records` with Klaviyo's `links`; `next` repeats the query with a cursor. */
  function paged(base, url, records, size, filter) {
    const offset = offsetOf(url.searchParams.get("page[cursor]"), filter);
    const slice = records.slice(offset, offset + size);
    const link = (cursor) => {
      const next = new URL(url.pathname, base);
      for (const [key, value] of url.searchParams) if (key !== "page[cursor]") next.searchParams.set(key, value);
      next.searchParams.set("page[cursor]", cursor);
      return next.href;
    };
    return {
      slice,
      links: {
        self: new URL(url.pathname + url.search, base).href,
        next: offset + size < records.length ? link(cursorFor(offset + size, filter)) : null,
        prev: offset > 0 ? link(cursorFor(Math.max(0, offset - size), filter)) : null,
      },
    };
  }

  function filtered(url, fields, records, read) {
    const filter = url.searchParams.get("filter");
    return filter === null ? records : records.filter(predicate(parseFilter(filter), fields, read));
  }

  const handlers = {
    "GET /api/accounts": (account, url, base) => {
      checkParameters(url, ["fields[account]"]);
      const attributes = {
        test_account: false,
        contact_information: {
          default_sender_name: account.organizationName,
          default_sender_email: "hello@example.com",
          website_url: "https://example.com",
          organization_name: account.organizationName,
          street_address: { address1: "1 Main St", address2: null, city: "Boston", region: "MA", country: "US", zip: "02110" },
        },
        industry: "Apparel",
        timezone: "US/Eastern",
        preferred_currency: "USD",
        public_api_key: account.id,
        locale: "en-US",
      };
      const fields = sparseFields(url, "account", Object.keys(attributes));
      return { status: 200, body: { data: [resource(base, "account", account.id, pick(attributes, fields))], links: { self: `${base}/api/accounts/` } } };
    },
    "GET /api/flows": (account, url, base) => {
      checkParameters(url, ["filter", "sort", "page[size]", "page[cursor]", "fields[flow]", "fields[flow-action]", "fields[tag]", "include"]);
      const size = pageSize(url, { fallback: 50, max: 50 });
      const fields = sparseFields(url, "flow", ["name", "status", "archived", "created", "updated", "trigger_type"]);
      const sort = url.searchParams.get("sort") ?? "id";
      if (!FLOW_SORTS.includes(sort)) refuse(invalid(`'${sort}' is not a valid sort field.`, { parameter: "sort" }));
      const key = sort.replace(/^-/, "");
      const order = sort.startsWith("-") ? -1 : 1;
      const matches = filtered(url, FILTERS.flows, account.flows, (flow, field) => flow[field === "trigger_type" ? "triggerType" : field]).sort(
        (a, b) => order * String(a[key === "trigger_type" ? "triggerType" : key]).localeCompare(String(b[key === "trigger_type" ? "triggerType" : key])),
      );
      const { slice, links } = paged(base, url, matches, size, `${url.searchParams.get("filter")}|${sort}`);
      const data = slice.map((f) =>
        resource(base, "flow", f.id, pick({ name: f.name, status: f.status, archived: f.archived, created: isoSeconds(f.created), updated: isoSeconds(f.updated), trigger_type: f.triggerType }, fields)),
      );
      return { status: 200, body: { data, links } };
    },
    "GET /api/profiles": (account, url, base) => {
      checkParameters(url, ["filter", "page[size]", "page[cursor]", "sort", "fields[profile]", "additional-fields[profile]"]);
      const size = pageSize(url, { fallback: 20, max: 100 });
      const fields = sparseFields(url, "profile", ["email", "phone_number", "external_id", "first_name", "last_name", "created", "updated"]);
      const matches = filtered(url, FILTERS.profiles, account.profiles, (profile, field) =>
        field === "created" || field === "updated" ? profile[field] : profile[field] ?? null,
      );
      const { slice, links } = paged(base, url, matches, size, url.searchParams.get("filter"));
      const data = slice.map((p) =>
        resource(base, "profile", p.id, pick({ email: p.email, phone_number: null, external_id: null, first_name: null, last_name: null, created: isoSeconds(p.created), updated: isoSeconds(p.updated) }, fields)),
      );
      return { status: 200, body: { data, links } };
    },
    "GET /api/metrics": (account, url, base) => {
      checkParameters(url, ["filter", "page[cursor]", "fields[metric]"]);
      const fields = sparseFields(url, "metric", ["name", "created", "updated", "integration"]);
      const matches = filtered(url, FILTERS.metrics, account.metrics, (metric, field) => metric.integration[field.slice("integration.".length)]);
      const { slice, links } = paged(base, url, matches, 200, url.searchParams.get("filter"));
      const data = slice.map((m) =>
        resource(base, "metric", m.id, pick({ name: m.name, created: isoSeconds(m.created), updated: isoSeconds(m.updated), integration: m.integration }, fields)),
      );
      return { status: 200, body: { data, links } };
    },
    "GET /api/events": (account, url, base) => {
      checkParameters(url, ["filter", "sort", "page[size]", "page[cursor]", "fields[event]"]);
      const size = pageSize(url, { fallback: 200, max: 1000 });
      const fields = sparseFields(url, "event", ["datetime", "event_properties", "timestamp", "uuid"]);
      const sort = url.searchParams.get("sort") ?? "datetime";
      if (!["datetime", "-datetime", "timestamp", "-timestamp"].includes(sort)) refuse(invalid(`'${sort}' is not a valid sort field.`, { parameter: "sort" }));
      const matches = filtered(url, FILTERS.events, account.events, (event, field) =>
        field === "datetime" ? event.time : field === "timestamp" ? Math.floor(event.time / 1000) : event[field === "metric_id" ? "metricId" : "profileId"],
      ).sort((a, b) => (sort.startsWith("-") ? b.time - a.time : a.time - b.time));
      const { slice, links } = paged(base, url, matches, size, `${url.searchParams.get("filter")}|${sort}`);
      const data = slice.map((e) =>
        resource(
          base,
          "event",
          e.id,
          pick({ timestamp: Math.floor(e.time / 1000), event_properties: e.properties, datetime: isoSeconds(e.time), uuid: e.uuid }, fields),
          {
            profile: { data: { type: "profile", id: e.profileId }, links: { self: `${base}/api/events/${e.id}/relationships/profile/` } },
            metric: { data: { type: "metric", id: e.metricId }, links: { self: `${base}/api/events/${e.id}/relationships/metric/` } },
          },
        ),
      );
      return { status: 200, body: { data, links } };
    },
    "POST /api/events": (account, url, _base, body) => {
      checkParameters(url, []);
      const problem = checkEventBody(body);
      if (problem) return problem;
      const attributes = body.data.attributes;
      const metric = metricNamed(account, attributes.metric.data.attributes.name, { name: "API", category: "API" });
      const identity = attributes.profile.data;
      const profile = identity.id ? account.profiles.find((p) => p.id === identity.id) : profileFor(account, identity.attributes.email);
      if (!profile) return invalid("No profile with this id.", { pointer: "/data/attributes/profile/data/id" });
      // Klaviyo truncates event times to the second.
      const time = Math.floor((attributes.time == null ? Date.now() : Date.parse(attributes.time)) / 1000) * 1000;
      const uniqueId = attributes.unique_id ?? String(time / 1000);
      const duplicate = account.events.some((e) => e.metricId === metric.id && e.profileId === profile.id && e.uniqueId === uniqueId);
      if (!duplicate) {
        account.events.push({
          id: randomUUID().replaceAll("-", "").slice(0, 20),
          uuid: randomUUID(),
          metricId: metric.id,
          profileId: profile.id,
          time,
          properties: attributes.properties,
          value: attributes.value ?? null,
          valueCurrency: attributes.value_currency ?? null,
          uniqueId,
          viaApi: true,
        });
      }
      return { status: 202 };
    },
  };

  /** Answers one API request; records it under the key it presented. */
  async function api(req, url, rawBody) {
    const authorization = req.headers.authorization ?? "";
    const apiKey = authorization.startsWith("Klaviyo-API-Key ") ? authorization.slice("Klaviyo-API-Key ".length) : null;
    const record = {
      at: Date.now(),
      method: req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization ?? null,
      revision: req.headers.revision ?? null,
      accept: req.headers.accept ?? null,
      content_type: req.headers["content-type"] ?? null,
      status: 0,
      retry_after: null,
    };
    const log = requests.get(apiKey ?? authorization) ?? [];
    requests.set(apiKey ?? authorization, log);
    log.push(record);
    const answer = await answerApi(req, url, rawBody, apiKey);
    record.status = answer.status;
    record.retry_after = answer.headers?.["retry-after"] ?? null;
    return answer;
  }

  async function answerApi(req, url, rawBody, apiKey) {
    const account = apiKey ? accounts.get(apiKey) : undefined;
    if (!account) return error(401, "not_authenticated", "Authentication credentials were not provided.", "Missing or invalid private key.");
    if (account.delayMs) await new Promise((resolve) => setTimeout(resolve, account.delayMs));
    if (account.failStatus) return error(account.failStatus, "error", "A server error occurred.", "Something went wrong on our end.");
    const revision = req.headers.revision;
    if (!revision) return invalid("The revision header is required.", { header: "revision" });
    if (!REVISIONS.has(revision)) return invalid(`'${revision}' is not a valid revision.`, { header: "revision" });
    const accept = req.headers.accept;
    if (accept && !/application\/vnd\.api\+json|application\/json|\*\/\*/.test(accept)) {
      return error(406, "not_acceptable", "Could not satisfy the request Accept header.", `Accept must allow ${JSON_API}.`);
    }
    const endpoint = `${req.method} ${url.pathname.replace(/\/$/, "")}`;
    const handler = handlers[endpoint];
    if (!handler) return url.pathname.startsWith("/api/") && handlers[`GET ${url.pathname.replace(/\/$/, "")}`] ? error(405, "method_not_allowed", "Method not allowed.", `${req.method} is not allowed.`) : notFound();
    let body;
    if (req.method === "POST") {
      const type = (req.headers["content-type"] ?? "").split(";")[0].trim();
      if (type !== JSON_API && type !== "application/json") return error(415, "unsupported_media_type", "Unsupported media type.", `Unsupported media type "${type}" in request.`);
      try {
        body = JSON.parse(rawBody);
      } catch {
        return error(400, "parse_error", "Malformed request.", "JSON parse error.");
      }
    }
    const wait = throttled(account, endpoint, Date.now());
    if (wait) {
      return { ...error(429, "throttled", "Request was throttled.", `Request was throttled. Expected available in ${wait} second${wait === 1 ? "" : "s"}.`), headers: { "retry-after": String(wait) } };
    }
    try {
      return handler(account, url, account.linksOrigin ?? `http://${req.headers.host}`, body);
    } catch (problem) {
      if (problem instanceof Refusal) return problem.answer;
      throw problem;
    }
  }

  function control(req, url, body) {
    const path = url.pathname;
    if (path === "/__fake/reset") {
      accounts.clear();
      requests.clear();
      return { status: 204 };
    }
    const apiKey = body.api_key ?? url.searchParams.get("api_key");
    if (typeof apiKey !== "string" || !apiKey) return { status: 400, body: { error: "api_key is required" } };
    if (path === "/__fake/accounts" && req.method === "POST") {
      if (!accounts.has(apiKey)) accounts.set(apiKey, newAccount(apiKey, body.organization_name ?? "Fake Store"));
      return { status: 200, body: { account_id: accounts.get(apiKey).id } };
    }
    if (path === "/__fake/requests") return { status: 200, body: { requests: requests.get(apiKey) ?? [] } };
    const account = accounts.get(apiKey);
    if (!account) return { status: 404, body: { error: `unknown api_key ${apiKey}` } };
    if (path === "/__fake/configure" && req.method === "POST") {
      if ("fail_status" in body) account.failStatus = body.fail_status;
      if ("delay_ms" in body) account.delayMs = body.delay_ms ?? 0;
      if ("rate_limit" in body) account.limits = body.rate_limit ? [body.rate_limit.burst ?? Infinity, body.rate_limit.steady ?? Infinity] : null;
      if ("links_origin" in body) account.linksOrigin = body.links_origin;
      account.windows.clear();
      return { status: 204 };
    }
    if (path === "/__fake/flows" && req.method === "POST") {
      const ids = body.flows.map((flow) => {
        if (!FLOW_STATUSES.has(flow.status ?? "live")) throw new Error(`unknown flow status ${flow.status}`);
        if (!FLOW_TRIGGERS.has(flow.trigger_type ?? "Metric")) throw new Error(`unknown flow trigger ${flow.trigger_type}`);
        const now = Date.now();
        const id = flow.id ?? shortId();
        account.flows.push({ id, name: flow.name, status: flow.status ?? "live", archived: flow.archived ?? false, triggerType: flow.trigger_type ?? "Metric", created: now, updated: now });
        return id;
      });
      return { status: 200, body: { flow_ids: ids } };
    }
    if (path === "/__fake/profiles" && req.method === "POST") return { status: 200, body: { profile_id: profileFor(account, body.email).id } };
    if (path === "/__fake/received-emails" && req.method === "POST") {
      const profile = profileFor(account, body.email);
      const metric = metricNamed(account, "Received Email", { name: "Klaviyo", category: "Internal" });
      const ids = body.messages.map((message) => {
        const messageId = message.message_id ?? shortId();
        const event = {
          id: randomUUID().replaceAll("-", "").slice(0, 20),
          uuid: randomUUID(),
          metricId: metric.id,
          profileId: profile.id,
          time: Math.floor(Date.parse(message.datetime) / 1000) * 1000,
          properties: {
            ...(message.subject === undefined ? {} : { Subject: message.subject }),
            ...(message.campaign_name === undefined ? {} : { "Campaign Name": message.campaign_name }),
            ...(message.flow_id ? { $flow: message.flow_id } : {}),
            $message: messageId,
            $message_interaction: messageId,
            "Email Domain": profile.email.split("@").pop(),
            $event_id: `${messageId}:${shortId()}`,
          },
          uniqueId: randomUUID(),
          viaApi: false,
        };
        account.events.push(event);
        return event.id;
      });
      return { status: 200, body: { profile_id: profile.id, metric_id: metric.id, event_ids: ids } };
    }
    if (path === "/__fake/events") {
      const created = account.events.filter((e) => e.viaApi);
      const events = created.map((e) => ({
        id: e.id,
        metric: account.metrics.find((m) => m.id === e.metricId).name,
        email: account.profiles.find((p) => p.id === e.profileId).email,
        properties: e.properties,
        time: new Date(e.time).toISOString(),
        value: e.value,
        value_currency: e.valueCurrency,
        unique_id: e.uniqueId,
      }));
      return { status: 200, body: { events } };
    }
    return { status: 404, body: { error: `no control endpoint ${req.method} ${path}` } };
  }

  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const rawBody = Buffer.concat(chunks).toString("utf8");
      let answer;
      try {
        if (url.pathname.startsWith("/__fake/")) answer = control(req, url, rawBody ? JSON.parse(rawBody) : {});
        else answer = await api(req, url, rawBody);
      } catch (problem) {
        answer = { status: 500, body: { error: String(problem?.stack ?? problem) } };
      }
      const isApi = !url.pathname.startsWith("/__fake/");
      const headers = { ...(answer.headers ?? {}), ...(answer.body === undefined ? {} : { "content-type": isApi ? JSON_API : "application/json" }) };
      if (!res.destroyed) res.writeHead(answer.status, headers).end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
    });
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address();
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

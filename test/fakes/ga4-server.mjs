// A fake of GA4's Measurement Protocol for tests and benchmarks. Like the real one, /mp/collect answers 204
// whatever it is sent and silently keeps or drops events; /debug/mp/collect answers validationMessages and
// keeps nothing. Its control endpoints (/__fake/…) register properties, inject failures and read back what
// each measurement id received, so concurrent tests, each with its own measurement id, never see each other.
// Plain JS so both vitest's globalSetup and `node bench/…` can load it.
//
// Rules follow Google's documentation (reference, sending-events#limitations, validating-events):
// - Relaxed validation (the default) drops only malformed requests and events with invalid or reserved names;
//   it ignores parameters over the limits and moves timestamps older than 72 h to 72 h ago.
// - `validation_behavior: "ENFORCE_RECOMMENDATIONS"` also reports (debug) or drops (collect) parameter
//   problems, a client_id not in `number.number` form and timestamps older than 72 h.
// - The validation server does not check the measurement id or the API secret; /mp/collect drops the events
//   of an unknown pair without saying so. Both are recorded here, so a test can see the difference.
// Descriptions copied from real answers: event names (invalid start, invalid characters, reserved), the
// missing client_id, the client_id format, a request timestamp too far in the past, an unparsable payload.
// The others are written in the same style; Google does not publish them.
import { createServer } from "node:http";

const MAX_EVENTS = 25;
const MAX_PARAMS = 25;
const MAX_NAME = 40;
const MAX_VALUE = 100;
const MAX_CUSTOM_ITEM_PARAMS = 10;
const MAX_BODY_BYTES = 130_000;
const MAX_AGE_MICROS = 72 * 3600 * 1_000_000;

const TOP_LEVEL_FIELDS = new Set([
  "client_id", "app_instance_id", "user_id", "timestamp_micros", "user_properties", "user_data", "consent",
  "non_personalized_ads", "user_location", "ip_override", "device", "user_agent", "validation_behavior", "events",
]);
const EVENT_FIELDS = new Set(["name", "params", "timestamp_micros"]);
const RESERVED_EVENT_NAMES = new Set([
  "ad_activeview", "ad_click", "ad_exposure", "ad_query", "ad_reward", "adunit_exposure", "app_clear_data",
  "app_exception", "app_install", "app_remove", "app_store_refund", "app_update", "app_upgrade",
  "dynamic_link_app_open", "dynamic_link_app_update", "dynamic_link_first_open", "error", "firebase_campaign",
  "firebase_in_app_message_action", "firebase_in_app_message_dismiss", "firebase_in_app_message_impression",
  "first_open", "first_visit", "notification_dismiss", "notification_foreground", "notification_open",
  "notification_receive", "notification_send", "os_update", "session_start", "user_engagement",
  // Allowed for app streams only; these are web streams.
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
const CLIENT_ID = /^[0-9]+\.[0-9]+$/;
const BEHAVIORS = new Set(["RELAXED", "ENFORCE_RECOMMENDATIONS"]);

const message = (fieldPath, description, validationCode) => ({ fieldPath, description, validationCode });
const unparsable = (detail) => ({ description: `Unable to parse Measurement Protocol JSON payload. ${detail}`, validationCode: "VALUE_INVALID" });
const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
const isMicros = (value) => Number.isSafeInteger(value) || (typeof value === "string" && /^[0-9]{1,16}$/.test(value));

/** Shape errors: GA cannot parse such a payload into its schema, so it checks nothing else. */
function shapeProblems(body) {
  if (!isObject(body)) return [unparsable("The payload must be a JSON object.")];
  const problems = [];
  for (const key of Object.keys(body)) if (!TOP_LEVEL_FIELDS.has(key)) problems.push(unparsable(`() ${key}: Cannot find field.`));
  for (const key of ["client_id", "user_id"]) {
    if (body[key] !== undefined && typeof body[key] !== "string") problems.push(unparsable(`(${key}) Expected a string.`));
  }
  if (body.timestamp_micros !== undefined && !isMicros(body.timestamp_micros)) problems.push(unparsable("(timestamp_micros) Expected an int64."));
  if (body.validation_behavior !== undefined && !BEHAVIORS.has(body.validation_behavior)) {
    problems.push(unparsable(`(validation_behavior) Invalid enum value ${JSON.stringify(body.validation_behavior)}.`));
  }
  if (body.events === undefined) return problems;
  if (!Array.isArray(body.events)) return [...problems, unparsable("(events) Expected a list.")];
  body.events.forEach((event, index) => {
    const at = `events[${index}]`;
    if (!isObject(event)) return problems.push(unparsable(`(${at}) Expected an object.`));
    for (const key of Object.keys(event)) if (!EVENT_FIELDS.has(key)) problems.push(unparsable(`(${at}) ${key}: Cannot find field.`));
    if (event.name !== undefined && typeof event.name !== "string") problems.push(unparsable(`(${at}.name) Expected a string.`));
    if (event.params !== undefined && !isObject(event.params)) problems.push(unparsable(`(${at}.params) Expected an object.`));
    if (event.timestamp_micros !== undefined && !isMicros(event.timestamp_micros)) problems.push(unparsable(`(${at}.timestamp_micros) Expected an int64.`));
  });
  return problems;
}

/** Why an event name is refused (relaxed validation refuses it too), or null. */
function eventNameProblem(name, index) {
  const at = `Event at index: [${index}]`;
  if (!name) return message("events", `${at} is missing a name.`, "VALUE_REQUIRED");
  if (RESERVED_EVENT_NAMES.has(name) || RESERVED_EVENT_PREFIXES.some((p) => name.startsWith(p))) {
    return message("events", `${at} has name [${name}] which is reserved.`, "NAME_RESERVED");
  }
  if (!/^[A-Za-z]/.test(name)) return message("events", `${at} has invalid name [${name}]. Names must start with an alphabetic character.`, "NAME_INVALID");
  if (!/^[A-Za-z0-9_]+$/.test(name)) {
    return message("events", `${at} has invalid name [${name}]. Only alphanumeric characters and underscores are allowed.`, "NAME_INVALID");
  }
  if (name.length > MAX_NAME) return message("events", `${at} has invalid name [${name}]. Names must be ${MAX_NAME} characters or fewer.`, "NAME_INVALID");
  return null;
}

function paramNameProblem(fieldPath, name) {
  if (RESERVED_PARAM_PREFIXES.some((p) => name.startsWith(p))) {
    return message(fieldPath, `Param [${name}] has a reserved name.`, "NAME_RESERVED");
  }
  if (name.length > MAX_NAME || !/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
    return message(fieldPath, `Param [${name}] has an invalid name. Names must start with an alphabetic character, hold only alphanumeric characters and underscores, and be ${MAX_NAME} characters or fewer.`, "NAME_INVALID");
  }
  return null;
}

function paramValueProblem(fieldPath, name, value) {
  if (typeof value === "string") {
    return value.length > MAX_VALUE ? message(fieldPath, `Param [${name}] has a value of ${value.length} characters. Values must be ${MAX_VALUE} characters or fewer.`, "VALUE_OUT_OF_BOUNDS") : null;
  }
  if (typeof value === "number" && Number.isFinite(value)) return null;
  return message(fieldPath, "Value is not a string or number.", "VALUE_INVALID");
}

function itemsProblems(fieldPath, items) {
  if (!Array.isArray(items)) return [message(fieldPath, "Param [items] must be a list of items.", "VALUE_INVALID")];
  return items.flatMap((item, index) => {
    const at = `${fieldPath}[${index}]`;
    if (!isObject(item)) return [message(at, "Item must be an object.", "VALUE_INVALID")];
    const problems = [];
    if (!item.item_id && !item.item_name) problems.push(message(at, "Item must contain one of the following keys: [item_id] or [item_name].", "VALUE_REQUIRED"));
    const custom = Object.keys(item).filter((name) => !STANDARD_ITEM_PARAMS.has(name)).length;
    if (custom > MAX_CUSTOM_ITEM_PARAMS) {
      problems.push(message(at, `Item has [${custom}] custom params, more than the maximum of [${MAX_CUSTOM_ITEM_PARAMS}].`, "EXCEEDED_MAX_ENTITIES"));
    }
    for (const [name, value] of Object.entries(item)) {
      const problem = paramNameProblem(`${at}.${name}`, name) ?? paramValueProblem(`${at}.${name}`, name, value);
      if (problem) problems.push(problem);
    }
    return problems;
  });
}

const tooOld = (micros, nowMicros) => nowMicros - micros > MAX_AGE_MICROS;
const staleDescription = (subject, nowMicros) =>
  `${subject} has timestamp too far in the past. Measurement protocol only supports timestamps [72h] into the past. The current time in UNIX microseconds is [${nowMicros}].`;

/**
 * Judges one payload. `malformed` and `requestProblems` make GA drop the whole request; an event with a `nameProblem`
 * is dropped; `strictProblems` count only under ENFORCE_RECOMMENDATIONS. `events` is what relaxed validation keeps.
 */
function judge(text, bytes, nowMicros) {
  let body;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return { body: null, malformed: [unparsable(String(error.message))], requestProblems: [], nameProblems: [], strictProblems: [], events: [] };
  }
  const malformed = shapeProblems(body);
  if (malformed.length) return { body: isObject(body) ? body : null, malformed, requestProblems: [], nameProblems: [], strictProblems: [], events: [] };

  const requestProblems = [];
  const strictProblems = [];
  const events = body.events ?? [];
  if (!body.client_id) requestProblems.push(message("client_id", "Measurement requires a client_id.", "VALUE_REQUIRED"));
  else if (!CLIENT_ID.test(body.client_id) || /^0+\.|\.0+$/.test(body.client_id)) {
    strictProblems.push(message("client_id", `client_id [${body.client_id}] has invalid format. It should be in <number>.<number> format.`, "VALUE_INVALID"));
  }
  if (events.length === 0) requestProblems.push(message("events", "Measurement requires at least one event.", "VALUE_REQUIRED"));
  if (events.length > MAX_EVENTS) {
    requestProblems.push(message("events", `Measurement has [${events.length}] events, more than the maximum of [${MAX_EVENTS}].`, "EXCEEDED_MAX_ENTITIES"));
  }
  if (bytes >= MAX_BODY_BYTES) requestProblems.push(message("", `Post body must be smaller than 130kB; it is [${bytes}] bytes.`, "VALUE_OUT_OF_BOUNDS"));
  const requestMicros = body.timestamp_micros === undefined ? null : Number(body.timestamp_micros);
  if (requestMicros !== null && tooOld(requestMicros, nowMicros)) {
    strictProblems.push(message("timestamp_micros", staleDescription("Measurement timestamp_micros", nowMicros), "VALUE_INVALID"));
  }

  const nameProblems = [];
  const judged = events.map((event, index) => {
    const nameProblem = eventNameProblem(event.name, index);
    if (nameProblem) nameProblems.push(nameProblem);
    const problems = [];
    const params = Object.entries(event.params ?? {});
    if (params.length > MAX_PARAMS) {
      problems.push(message(`events[${index}].params`, `Event at index: [${index}] has [${params.length}] params, more than the maximum of [${MAX_PARAMS}].`, "EXCEEDED_MAX_ENTITIES"));
    }
    const kept = {};
    // Relaxed validation ignores what is over the limits: params beyond the 25th and any invalid one.
    params.forEach(([name, value], position) => {
      const fieldPath = `events[${index}].params.${name}`;
      const problem = paramNameProblem(fieldPath, name);
      const valueProblems = problem ? [] : name === "items" ? itemsProblems(fieldPath, value) : [paramValueProblem(fieldPath, name, value)].filter(Boolean);
      if (problem) problems.push(problem);
      problems.push(...valueProblems);
      if (!problem && valueProblems.length === 0 && position < MAX_PARAMS) kept[name] = value;
    });
    const own = event.timestamp_micros === undefined ? null : Number(event.timestamp_micros);
    const sent = own ?? requestMicros;
    if (own !== null && tooOld(own, nowMicros)) problems.push(message("events", staleDescription(`Event at index: [${index}] timestamp_micros`, nowMicros), "VALUE_INVALID"));
    strictProblems.push(...problems);
    const stale = sent !== null && tooOld(sent, nowMicros);
    return {
      index,
      name: event.name,
      dropped: Boolean(nameProblem),
      strictlyInvalid: problems.length > 0 || stale,
      params: kept,
      sent_timestamp_micros: sent,
      timestamp_micros: stale ? nowMicros - MAX_AGE_MICROS : (sent ?? nowMicros),
      clamped: stale,
    };
  });
  return { body, malformed: [], requestProblems, nameProblems, strictProblems, events: judged };
}

/** @param {{ port?: number }} options */
export async function startFakeGa4({ port = 0 } = {}) {
  /** Per measurement id: registered secrets, injected failure, and what it received. */
  const properties = new Map();
  const pending = new Set();
  let nextRequestId = 1;

  const propertyFor = (measurementId) => {
    if (!properties.has(measurementId)) properties.set(measurementId, { secrets: new Set(), failure: null, requests: [], events: [] });
    return properties.get(measurementId);
  };

  /** Handles /mp/collect and /debug/mp/collect; returns the answer and whether to send it late or cut the connection. */
  function measurement(debug, url, text, bytes) {
    const measurementId = url.searchParams.get("measurement_id") ?? "";
    const apiSecret = url.searchParams.get("api_secret") ?? "";
    const property = propertyFor(measurementId);
    const nowMicros = Date.now() * 1000;
    const verdict = judge(text, bytes, nowMicros);
    const strict = verdict.body?.validation_behavior === "ENFORCE_RECOMMENDATIONS";
    const queryProblems = [
      ...(measurementId ? [] : [message("measurement_id", "Unable to find non-empty parameter [measurement_id] value in request.", "VALUE_REQUIRED")]),
      ...(apiSecret ? [] : [message("api_secret", "Unable to find non-empty parameter [api_secret] value in request.", "VALUE_REQUIRED")]),
    ];
    const relaxedMessages = verdict.malformed.length ? verdict.malformed : [...verdict.requestProblems, ...verdict.nameProblems];
    const allMessages = verdict.malformed.length ? verdict.malformed : [...relaxedMessages, ...verdict.strictProblems];
    const record = {
      id: nextRequestId++,
      endpoint: debug ? "debug" : "collect",
      at: Date.now(),
      client_id: typeof verdict.body?.client_id === "string" ? verdict.body.client_id : null,
      user_id: typeof verdict.body?.user_id === "string" ? verdict.body.user_id : null,
      events: Array.isArray(verdict.body?.events) ? verdict.body.events.length : 0,
      bytes,
      validation_behavior: verdict.body?.validation_behavior ?? "RELAXED",
      valid: queryProblems.length === 0 && allMessages.length === 0,
      problems: [...queryProblems, ...allMessages],
      outcome: "answered",
      dropped: null,
      kept_events: 0,
    };
    property.requests.push(record);

    const failure = property.failure;
    if (failure?.reset || failure?.status) {
      record.outcome = failure.reset ? "reset" : String(failure.status);
      return { reset: failure.reset, status: failure.status, text: "Internal error", delayMs: failure.delayMs };
    }
    if (debug) {
      return { status: 200, body: { validationMessages: [...queryProblems, ...(strict ? allMessages : relaxedMessages)] }, delayMs: failure?.delayMs };
    }
    if (queryProblems.length) record.dropped = "missing_credentials";
    else if (!property.secrets.has(apiSecret)) record.dropped = "unknown_credentials";
    else if (verdict.malformed.length) record.dropped = "malformed";
    else if (verdict.requestProblems.length) record.dropped = "invalid_request";
    else if (strict && verdict.strictProblems.some((p) => p.fieldPath === "client_id" || p.fieldPath === "timestamp_micros")) record.dropped = "invalid_request";
    if (!record.dropped) {
      for (const event of verdict.events) {
        if (event.dropped || (strict && event.strictlyInvalid)) continue;
        property.events.push({
          request_id: record.id,
          client_id: record.client_id,
          user_id: record.user_id,
          name: event.name,
          params: event.params,
          timestamp_micros: event.timestamp_micros,
          sent_timestamp_micros: event.sent_timestamp_micros,
          clamped: event.clamped,
        });
        record.kept_events++;
      }
    }
    // GA answers 204 to every request it receives, kept or not.
    return { status: 204, delayMs: failure?.delayMs };
  }

  function control(method, path, url, body) {
    if (method === "POST" && path === "/__fake/properties") {
      if (!body?.measurement_id || !body?.api_secret) return { status: 400, body: { error: "measurement_id and api_secret are required" } };
      propertyFor(body.measurement_id).secrets.add(body.api_secret);
      return { status: 204 };
    }
    if (method === "POST" && path === "/__fake/failures") {
      if (!body?.measurement_id) return { status: 400, body: { error: "measurement_id is required" } };
      const { status, reset, delay_ms: delayMs } = body;
      propertyFor(body.measurement_id).failure = status || reset || delayMs ? { status, reset: Boolean(reset), delayMs } : null;
      return { status: 204 };
    }
    if (method === "GET" && path === "/__fake/received") {
      const property = properties.get(url.searchParams.get("measurement_id") ?? "");
      return { status: 200, body: { requests: property?.requests ?? [], events: property?.events ?? [] } };
    }
    if (method === "POST" && path === "/__fake/reset") {
      if (!body?.measurement_id) properties.clear();
      else Object.assign(propertyFor(body.measurement_id), { failure: null, requests: [], events: [] });
      return { status: 204 };
    }
    return { status: 404, body: { error: "not found" } };
  }

  function answer(res, reply) {
    if (reply.reset) return res.socket?.destroy();
    if (reply.body !== undefined) return res.writeHead(reply.status, { "content-type": "application/json" }).end(JSON.stringify(reply.body));
    if (reply.text !== undefined) return res.writeHead(reply.status, { "content-type": "text/plain" }).end(reply.text);
    res.writeHead(reply.status).end();
  }

  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const raw = Buffer.concat(chunks);
      let reply;
      if (url.pathname.startsWith("/__fake/")) {
        let body = null;
        try {
          body = raw.length ? JSON.parse(raw.toString("utf8")) : null;
        } catch {
          reply = { status: 400, body: { error: "invalid JSON" } };
        }
        reply ??= control(req.method, url.pathname, url, body);
      } else if (url.pathname === "/mp/collect" || url.pathname === "/debug/mp/collect") {
        reply = req.method === "POST" ? measurement(url.pathname.startsWith("/debug/"), url, raw.toString("utf8"), raw.length) : { status: 405, text: "Method Not Allowed" };
      } else {
        reply = { status: 404, text: "Not Found" };
      }
      if (!reply.delayMs) return answer(res, reply);
      // A slow GA has already recorded the events; only its answer is late (and may never arrive).
      const timer = setTimeout(() => {
        pending.delete(timer);
        answer(res, reply);
      }, reply.delayMs);
      pending.add(timer);
      res.on("close", () => {
        clearTimeout(timer);
        pending.delete(timer);
      });
    });
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address();
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise((resolve) => {
        for (const timer of pending) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

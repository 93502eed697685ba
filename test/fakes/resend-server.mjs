// A fake of Resend's email API for tests and benchmarks. It checks what the real API checks
// (auth, User-Agent, body schema, batch size, tag charset, idempotency keys, rate limit) and
// answers like it; its control endpoints (/__fake/…) let a test inject failures and read what
// was "sent". Plain JS so both vitest's globalSetup and `node bench/…` can load it.
import { createHash, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { fakeDomains } from "./resend-domains.mjs";

const TAG = /^[A-Za-z0-9_-]{1,256}$/;
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const FROM = /^(?:"?[^"<>]*"?\s*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;
const EMAIL_FIELDS = new Set(["from", "to", "subject", "html", "text", "reply_to", "cc", "bcc", "headers", "tags", "scheduled_at", "topic_id"]);

const error = (statusCode, name, message) => ({ status: statusCode, body: { statusCode, name, message } });

/** Returns an error answer for the first problem in one email, or null. */
function checkEmail(email, index) {
  const at = `emails[${index}]`;
  if (typeof email !== "object" || email === null || Array.isArray(email)) return error(422, "validation_error", `${at} must be an object`);
  for (const key of Object.keys(email)) {
    if (key === "attachments") return error(422, "validation_error", "The `attachments` field is not supported in batch emails.");
    if (!EMAIL_FIELDS.has(key)) return error(422, "invalid_parameter", `${at}: unknown field \`${key}\``);
  }
  if (typeof email.from !== "string" || !FROM.test(email.from.trim())) return error(422, "validation_error", `${at}: Invalid \`from\` field.`);
  const to = Array.isArray(email.to) ? email.to : [email.to];
  if (to.length === 0 || to.length > 50 || !to.every((a) => typeof a === "string" && ADDRESS.test(a))) {
    return error(422, "validation_error", `${at}: Invalid \`to\` field (1 to 50 addresses).`);
  }
  if (typeof email.subject !== "string" || email.subject.length === 0) return error(422, "missing_required_field", `${at}: Missing \`subject\` field.`);
  if (typeof email.html !== "string" && typeof email.text !== "string") return error(422, "missing_required_field", `${at}: Missing \`html\` or \`text\` field.`);
  if (email.headers !== undefined && (typeof email.headers !== "object" || !Object.values(email.headers).every((v) => typeof v === "string"))) {
    return error(422, "validation_error", `${at}: \`headers\` must map names to strings.`);
  }
  if (email.tags !== undefined) {
    if (!Array.isArray(email.tags)) return error(422, "validation_error", `${at}: \`tags\` must be an array.`);
    for (const tag of email.tags) {
      if (!tag || !TAG.test(tag.name ?? "") || !TAG.test(tag.value ?? "")) {
        return error(422, "validation_error", `${at}: Tags should only contain ASCII letters, numbers, underscores, or dashes.`);
      }
    }
  }
  return null;
}

const tagOf = (email, name) => email?.tags?.find((t) => t.name === name)?.value;

/** A small deterministic PRNG, so "30 % of requests fail" fails the same requests every run. */
function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** @param {{ apiKey: string; requestsPerSecond?: number; port?: number }} options */
export async function startFakeResend({ apiKey, requestsPerSecond = 10, port = 0 }) {
  const state = {
    requestsPerSecond,
    recent: [],
    idempotency: new Map(),
    sent: [],
    requests: [],
    failures: new Map(),
  };
  const domains = fakeDomains();

  function failureFor(storeId) {
    const mode = state.failures.get(storeId);
    if (!mode) return null;
    if (mode.status400) return "reject";
    if (mode.rate && mode.random() < mode.rate) return mode.afterAccept ? "fail-after-accept" : "fail";
    return null;
  }

  /** Seconds to wait, or 0: a sliding one-second window, per store where a test set its own rate. */
  function rateLimited(now, storeId) {
    const own = state.failures.get(storeId)?.requestsPerSecond;
    const limit = own ?? state.requestsPerSecond;
    const window = own ? (state.failures.get(storeId).recent ??= []) : state.recent;
    while (window.length && now - window[0] >= 1000) window.shift();
    if (window.length >= limit) return Math.max(1, Math.ceil((1000 - (now - window[0])) / 1000));
    window.push(now);
    return 0;
  }

  /** The checks every API call passes first: a User-Agent (Cloudflare's 1010 otherwise) and the key. */
  function refuse(req) {
    if (!req.headers["user-agent"]) return { status: 403, text: "error code: 1010" };
    const auth = req.headers.authorization ?? "";
    if (!auth) return error(401, "missing_api_key", "Missing API key in the authorization header.");
    if (auth !== `Bearer ${apiKey}`) return error(403, "validation_error", "API key is invalid");
    return null;
  }

  function sendEmails(req, emails, single) {
    const refused = refuse(req);
    if (refused) return refused;
    const key = req.headers["idempotency-key"];
    if (key !== undefined && (key.length === 0 || key.length > 256)) return error(400, "invalid_idempotency_key", "Idempotency key must be 1-256 characters.");
    if (!single && (!Array.isArray(emails) || emails.length === 0 || emails.length > 100)) {
      return error(422, "validation_error", "A batch holds 1 to 100 emails.");
    }
    const list = single ? [emails] : emails;
    for (const [index, email] of list.entries()) {
      const problem = checkEmail(email, index);
      if (problem) return problem;
    }
    const unverifiedSender = domains.refuseSender(list);
    if (unverifiedSender) return unverifiedSender;
    const now = Date.now();
    const storeId = tagOf(list[0], "store_id");
    const wait = rateLimited(now, storeId);
    if (wait) {
      state.requests.push({ at: now, store_id: storeId, outcome: 429, size: list.length });
      return {
        ...error(429, "rate_limit_exceeded", "Too many requests. You can only make 2 requests per second."),
        headers: { "retry-after": String(wait), "ratelimit-limit": String(state.requestsPerSecond), "ratelimit-remaining": "0", "ratelimit-reset": String(wait) },
      };
    }
    const bodyHash = createHash("sha256").update(JSON.stringify(emails)).digest("hex");
    if (key !== undefined && state.idempotency.has(key)) {
      const earlier = state.idempotency.get(key);
      if (earlier.bodyHash !== bodyHash) {
        state.requests.push({ at: now, store_id: storeId, outcome: 409, size: list.length });
        return error(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.");
      }
      state.requests.push({ at: now, store_id: storeId, outcome: "replayed", size: list.length });
      return earlier.answer;
    }
    const failure = failureFor(storeId);
    if (failure === "reject") {
      state.requests.push({ at: now, store_id: storeId, outcome: 400, size: list.length });
      return error(400, "validation_error", "The domain is not verified.");
    }
    if (failure === "fail") {
      state.requests.push({ at: now, store_id: storeId, outcome: 500, size: list.length });
      return error(500, "application_error", "An unexpected error occurred.");
    }
    const ids = list.map(() => randomUUID());
    list.forEach((email, i) => state.sent.push({ id: ids[i], key, ...email, store_id: tagOf(email, "store_id") }));
    const answer = { status: 200, body: single ? { id: ids[0] } : { data: ids.map((id) => ({ id })) } };
    if (key !== undefined) state.idempotency.set(key, { bodyHash, answer });
    state.requests.push({ at: now, store_id: storeId, outcome: failure === "fail-after-accept" ? "500-after-accept" : 200, size: list.length });
    // The emails went out, but the answer is "lost": the caller must retry with the same key.
    if (failure === "fail-after-accept") return error(500, "application_error", "An unexpected error occurred.");
    return answer;
  }

  function control(path, url, body) {
    if (path === "/__fake/reset") {
      Object.assign(state, { recent: [], idempotency: new Map(), sent: [], requests: [], failures: new Map(), requestsPerSecond });
      domains.reset();
      return { status: 204 };
    }
    if (path === "/__fake/configure") {
      if (body.requests_per_second) state.requestsPerSecond = body.requests_per_second;
      if (body.store_id) {
        state.failures.set(body.store_id, {
          rate: body.fail_rate ?? 0,
          afterAccept: Boolean(body.fail_after_accept),
          status400: Boolean(body.reject_400),
          requestsPerSecond: body.store_requests_per_second,
          random: prng(42),
        });
      }
      return { status: 204 };
    }
    if (path === "/__fake/sent") {
      const storeId = url.searchParams.get("store_id");
      const mine = (entry) => !storeId || entry.store_id === storeId;
      return { status: 200, body: { emails: state.sent.filter(mine), requests: state.requests.filter(mine) } };
    }
    return error(404, "not_found", "Not found");
  }

  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      let answer;
      let body = null;
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : null;
      } catch {
        answer = error(400, "validation_error", "Invalid JSON body.");
      }
      if (!answer) {
        if (url.pathname.startsWith("/__fake/")) answer = domains.control(url.pathname, body ?? {}) ?? control(url.pathname, url, body ?? {});
        else if (req.method === "POST" && url.pathname === "/emails/batch") answer = sendEmails(req, body, false);
        else if (req.method === "POST" && url.pathname === "/emails") answer = sendEmails(req, body, true);
        else answer = domains.answer(req.method, url.pathname, body, refuse(req)) ?? error(404, "not_found", "Not found");
      }
      const headers = { ...(answer.headers ?? {}) };
      if (answer.text !== undefined) {
        res.writeHead(answer.status, { ...headers, "content-type": "text/plain" }).end(answer.text);
      } else if (answer.body !== undefined) {
        res.writeHead(answer.status, { ...headers, "content-type": "application/json" }).end(JSON.stringify(answer.body));
      } else {
        res.writeHead(answer.status, headers).end();
      }
    });
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address();
  return {
    url: `http://127.0.0.1:${bound}`,
    state,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

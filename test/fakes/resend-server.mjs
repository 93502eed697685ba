// A fake of Resend's email API for tests and benchmarks, as strict as the real one where Reva can
// get it wrong: auth (401), User-Agent, body schema, batch size, tag charset, strict and permissive
// batch validation (`x-batch-validation`), idempotency keys (kept 24 h, 409 while the first request
// is still being processed or when the body changed), the team's rate limit (2 requests/s by
// default, 429 with retry-after and the ratelimit-* headers) and verified sender domains.
// Its control endpoints (/__fake/…) create teams, move a team's clock, inject failures per store
// and read what was "sent". Plain JS so both vitest's globalSetup and `node bench/…` can load it.
//
// Teams: Resend limits the rate and keeps idempotency keys per team, not per store. The Workers
// tests share one Worker and so one RESEND_API_KEY; a test that needs an account of its own (its
// own rate, clock and keys) claims its stores into a new team (`POST /__fake/teams`), and the
// fake accounts their requests to that team as if the operator ran those stores on a second team.
import { createHash, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { fakeDomains } from "./resend-domains.mjs";

const TAG = /^[A-Za-z0-9_-]{1,256}$/;
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const FROM = /^(?:"?[^"<>]*"?\s*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;
const EMAIL_FIELDS = new Set(["from", "to", "subject", "html", "text", "reply_to", "cc", "bcc", "headers", "tags", "scheduled_at", "topic_id"]);
/** Resend keeps an idempotency key for 24 hours; after that the same key sends again. */
const IDEMPOTENCY_TTL_MS = 86_400_000;
/** Resend's default rate for a team, across all of its API keys. */
const DEFAULT_TEAM_RATE = 2;
const FAILURE_KINDS = new Set(["5xx", "timeout", "lost", "lost_timeout"]);
const STORE_OPTIONS = new Set([
  "store_id", "fail_rate", "fail_kinds", "fail_after_accept", "seed", "timeout_ms", "latency_ms", "hold",
  "reject_400", "reject_403", "domain_unverified", "rate_limit_next", "retry_after", "reject_index_to",
]);

const error = (statusCode, name, message) => ({ status: statusCode, body: { statusCode, name, message } });

/** Returns the message of the first problem in one email, or null. */
function problemOf(email) {
  if (typeof email !== "object" || email === null || Array.isArray(email)) return "The email must be an object.";
  for (const key of Object.keys(email)) {
    if (key === "attachments") return "The `attachments` field is not supported in batch emails.";
    if (!EMAIL_FIELDS.has(key)) return `Unknown field \`${key}\`.`;
  }
  if (typeof email.from !== "string" || !FROM.test(email.from.trim())) return "Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.";
  const to = Array.isArray(email.to) ? email.to : [email.to];
  if (to.length === 0 || to.length > 50 || !to.every((a) => typeof a === "string" && ADDRESS.test(a))) return "Invalid `to` field (1 to 50 addresses).";
  if (typeof email.subject !== "string" || email.subject.length === 0) return "Missing `subject` field.";
  if (typeof email.html !== "string" && typeof email.text !== "string") return "Missing `html` or `text` field.";
  if (email.headers !== undefined && (typeof email.headers !== "object" || email.headers === null || !Object.values(email.headers).every((v) => typeof v === "string"))) {
    return "`headers` must map names to strings.";
  }
  if (email.tags !== undefined) {
    if (!Array.isArray(email.tags)) return "`tags` must be an array.";
    if (!email.tags.every((tag) => tag && TAG.test(tag.name ?? "") && TAG.test(tag.value ?? ""))) {
      return "Tags should only contain ASCII letters, numbers, underscores, or dashes.";
    }
  }
  return null;
}

const tagOf = (email, name) => email?.tags?.find?.((t) => t?.name === name)?.value;
const recipients = (email) => (Array.isArray(email?.to) ? email.to : [email?.to]);
const domainOf = (from) => /@([^\s@<>]+)>?\s*$/.exec(String(from ?? ""))?.[1]?.toLowerCase();

/** A small deterministic PRNG, so "30 % of requests fail" fails the same requests for the same seed. */
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

/** One Resend team: its keys, rate, clock, idempotency keys and verified sender domains. */
function newTeam(id, { keys = [], requestsPerSecond = DEFAULT_TEAM_RATE, now = null, verifiedDomains = null } = {}) {
  return {
    id,
    keys: new Set(keys),
    requestsPerSecond,
    // null: the wall clock. A number: a clock the test moves, as it moves the Worker's faked Date.
    frozenAt: now,
    admitted: [],
    idempotency: new Map(),
    // null: every domain counts as verified (the default, so tests that do not care need not set one up).
    verifiedDomains: verifiedDomains ? new Set(verifiedDomains.map((d) => d.toLowerCase())) : null,
    now() {
      return this.frozenAt ?? Date.now();
    },
  };
}

/** Per-store failure injection: a test control, not something Resend does per store. */
function storeMode(body) {
  const kinds = body.fail_kinds ?? (body.fail_after_accept ? ["lost"] : ["5xx"]);
  return {
    rate: body.fail_rate ?? 0,
    kinds,
    random: prng(body.seed ?? 42),
    timeoutMs: body.timeout_ms ?? 0,
    latencyMs: body.latency_ms ?? 0,
    hold: Boolean(body.hold),
    reject400: Boolean(body.reject_400),
    reject403: Boolean(body.reject_403),
    domainUnverified: Boolean(body.domain_unverified),
    rateLimitNext: body.rate_limit_next ?? 0,
    retryAfter: body.retry_after ?? 1,
    rejectIndexTo: body.reject_index_to ? String(body.reject_index_to).toLowerCase() : null,
  };
}

/** Why a `/__fake/configure` body cannot be honoured, or null. */
function configureProblem(body) {
  if (body.store_requests_per_second !== undefined) {
    return "Resend has no per-store rate limit: put the store in a team of its own (POST /__fake/teams { store_ids, requests_per_second })";
  }
  const unknown = Object.keys(body).filter((key) => key !== "requests_per_second" && !STORE_OPTIONS.has(key));
  if (unknown.length) return `unknown options: ${unknown.join(", ")}`;
  if (body.fail_kinds && !(Array.isArray(body.fail_kinds) && body.fail_kinds.length && body.fail_kinds.every((k) => FAILURE_KINDS.has(k)))) {
    return `fail_kinds: a non-empty list of ${[...FAILURE_KINDS].join(", ")}`;
  }
  return null;
}

/**
 * @param {{ apiKey: string; requestsPerSecond?: number; port?: number }} options
 * `requestsPerSecond` is the default team's rate (Resend's default is 2; raised on request).
 */
export async function startFakeResend({ apiKey, requestsPerSecond = DEFAULT_TEAM_RATE, port = 0 }) {
  const state = {
    teams: new Map(),
    storeTeams: new Map(),
    stores: new Map(),
    sent: [],
    requests: [],
    held: [],
    /** Counts accepted emails, so a test can tell which arrived after a given moment. */
    seq: 0,
  };
  const domains = fakeDomains();
  const defaultTeam = () => state.teams.get("team_default");
  function reset() {
    Object.assign(state, { teams: new Map(), storeTeams: new Map(), stores: new Map(), sent: [], requests: [], held: [], seq: 0 });
    domains.reset();
    state.teams.set("team_default", newTeam("team_default", { keys: [apiKey], requestsPerSecond }));
  }
  reset();

  const teamOfKey = (key) => [...state.teams.values()].find((team) => team.keys.has(key));

  /** The checks every API call passes first: a User-Agent (Cloudflare's 1010 otherwise) and a known key. */
  function authenticate(req, sending) {
    if (!req.headers["user-agent"]) return { refused: { status: 403, text: "error code: 1010" } };
    const auth = req.headers.authorization ?? "";
    if (!auth) return { refused: error(401, "missing_api_key", "Missing API key in the authorization header.") };
    const team = auth.startsWith("Bearer ") ? teamOfKey(auth.slice(7)) : undefined;
    // Resend's sending endpoints answer 401 for a key that does not exist; the others 400.
    if (!team) return { refused: error(sending ? 401 : 400, "validation_error", "API key is invalid") };
    return { team };
  }

  /** The team a request counts against: the key's, or the team a test moved the store into. */
  const teamFor = (keyTeam, storeId) => (keyTeam === defaultTeam() && state.storeTeams.has(storeId) ? state.teams.get(state.storeTeams.get(storeId)) : keyTeam);

  /** Seconds to wait, or 0: a sliding one-second window over the team's clock. */
  function rateLimited(team) {
    const now = team.now();
    while (team.admitted.length && now - team.admitted[0] >= 1000) team.admitted.shift();
    if (team.admitted.length >= team.requestsPerSecond) return Math.max(1, Math.ceil((1000 - (now - team.admitted[0])) / 1000));
    team.admitted.push(now);
    return 0;
  }

  const tooManyRequests = (limit, wait) => ({
    ...error(429, "rate_limit_exceeded", `Too many requests. You can only make ${limit} requests per second. See rate limit response headers for more information. Or contact support to increase rate limit.`),
    headers: { "retry-after": String(wait), "ratelimit-limit": String(limit), "ratelimit-remaining": "0", "ratelimit-reset": String(wait) },
  });

  /** `GET /domains`: the team's sending domains, as the real list answers them. */
  function listDomains(req) {
    const { refused, team } = authenticate(req, false);
    if (refused) return refused;
    const wait = rateLimited(team);
    if (wait) return tooManyRequests(team.requestsPerSecond, wait);
    const names = team.verifiedDomains ? [...team.verifiedDomains] : ["example.com"];
    const data = names.map((name, i) => ({ id: `4dd369bc-aa82-4ff3-97de-514ae3000ee${i}`, name, status: "verified", created_at: "2026-01-05 12:00:00.000000+00", region: "us-east-1", capability: "send" }));
    return { status: 200, body: { object: "list", has_more: false, data } };
  }

  /** Waits until a test releases this store's held answers. */
  const park = (storeId) => new Promise((resolve) => state.held.push({ storeId, resolve }));
  const pause = (ms) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

  async function sendEmails(req, payload, single) {
    const { refused, team: keyTeam } = authenticate(req, true);
    const list = single ? [payload] : Array.isArray(payload) ? payload : [];
    const storeId = tagOf(list[0], "store_id");
    const team = keyTeam && teamFor(keyTeam, storeId);
    const log = (outcome, extra = {}) => state.requests.push({ at: team ? team.now() : Date.now(), team_id: team?.id, store_id: storeId, outcome, size: list.length, ...extra });
    const answer = (result, outcome = result.status) => {
      log(outcome, result.body?.name && result.status >= 400 ? { error: result.body.name } : {});
      return result;
    };
    if (refused) return answer(refused);

    const key = req.headers["idempotency-key"];
    if (key !== undefined && (key.length === 0 || key.length > 256)) return answer(error(400, "invalid_idempotency_key", "The key must be between 1-256 chars."));
    const validation = single ? "strict" : (req.headers["x-batch-validation"] ?? "strict");
    if (validation !== "strict" && validation !== "permissive") return answer(error(422, "validation_error", "`x-batch-validation` must be `strict` or `permissive`."));
    if (!single && (!Array.isArray(payload) || payload.length === 0 || payload.length > 100)) return answer(error(422, "validation_error", "A batch holds 1 to 100 emails."));

    const mode = state.stores.get(storeId);
    if (mode?.rateLimitNext > 0) {
      mode.rateLimitNext -= 1;
      return answer(tooManyRequests(team.requestsPerSecond, mode.retryAfter));
    }
    const wait = rateLimited(team);
    if (wait) return answer(tooManyRequests(team.requestsPerSecond, wait));

    const bodyHash = createHash("sha256").update(JSON.stringify(payload)).digest("hex");
    if (key !== undefined) {
      const earlier = team.idempotency.get(key);
      if (earlier && team.now() - earlier.createdAt >= IDEMPOTENCY_TTL_MS) team.idempotency.delete(key);
      else if (earlier && !earlier.answer) return answer(error(409, "concurrent_idempotent_requests", "Same idempotency key used while original request is still in progress."));
      else if (earlier && earlier.bodyHash !== bodyHash) return answer(error(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload."));
      else if (earlier) return answer(earlier.answer, "replayed");
    }

    const unverified = list.map((email) => domainOf(email?.from) ?? "").find((domain) => mode?.domainUnverified || (team.verifiedDomains && !team.verifiedDomains.has(domain)));
    if (unverified) return answer(error(403, "validation_error", `The ${unverified} domain is not verified. Please, add and verify your domain on https://resend.com/domains`));
    // The default team's sending domains are the ones its domains API (resend-domains.mjs) verified.
    const unverifiedSender = team.verifiedDomains ? null : domains.refuseSender(list);
    if (unverifiedSender) return answer(unverifiedSender);
    if (mode?.reject403) return answer(error(403, "validation_error", "API key is invalid"));
    if (mode?.reject400) return answer(error(400, "validation_error", "The domain is not verified."));

    const problems = list.map((email) => problemOf(email) ?? (mode?.rejectIndexTo && recipients(email).some((to) => String(to).toLowerCase() === mode.rejectIndexTo) ? "Resend refused this recipient" : null));
    if (validation === "strict") {
      const index = problems.findIndex(Boolean);
      if (index >= 0) return answer(error(422, "validation_error", single ? problems[index] : `emails[${index}]: ${problems[index]}`));
    }

    const failure = mode && mode.rate > 0 && mode.random() < mode.rate ? mode.kinds[Math.floor(mode.random() * mode.kinds.length)] : null;
    // From here the key is taken: a second request with it is a 409 until this one has its answer.
    const createdAt = team.now();
    if (key !== undefined) team.idempotency.set(key, { bodyHash, createdAt, answer: null });
    if (failure === "5xx" || failure === "timeout") {
      if (failure === "timeout") await pause(mode.timeoutMs);
      if (key !== undefined) team.idempotency.delete(key);
      if (failure === "timeout") return answer({ drop: true }, "timeout");
      return answer(error(500, "application_error", "An unexpected error occurred."), 500);
    }

    const data = [];
    const errors = [];
    list.forEach((email, index) => {
      if (problems[index]) return errors.push({ index, message: problems[index] });
      const id = randomUUID();
      data.push({ id });
      state.seq += 1;
      state.sent.push({ id, seq: state.seq, at: team.now(), key, team_id: team.id, ...email, store_id: tagOf(email, "store_id") });
    });
    const result = { status: 200, body: single ? data[0] : validation === "permissive" ? { data, errors } : { data } };
    if (mode?.hold) await park(storeId);
    await pause(mode?.latencyMs ?? 0);
    if (key !== undefined) team.idempotency.set(key, { bodyHash, createdAt, answer: result });
    // The emails went out, but the answer is "lost": the caller must retry with the same key.
    if (failure === "lost") return answer(error(500, "application_error", "An unexpected error occurred."), "500-after-accept");
    if (failure === "lost_timeout") {
      await pause(mode.timeoutMs);
      return answer({ drop: true }, "timeout-after-accept");
    }
    return answer(result, 200);
  }

  function control(method, path, url, body) {
    if (path === "/__fake/reset") {
      reset();
      return { status: 204 };
    }
    if (path === "/__fake/configure") {
      const problem = configureProblem(body);
      if (problem) return error(400, "fake_configuration", problem);
      if (body.requests_per_second) defaultTeam().requestsPerSecond = body.requests_per_second;
      if (body.store_id) state.stores.set(body.store_id, storeMode(body));
      return { status: 204 };
    }
    if (path === "/__fake/teams" && method === "POST") {
      const id = `team_${randomUUID()}`;
      const key = `re_team_${randomUUID().replaceAll("-", "")}`;
      const team = newTeam(id, { keys: [key], requestsPerSecond: body.requests_per_second ?? DEFAULT_TEAM_RATE, now: body.now ?? null, verifiedDomains: body.verified_domains ?? null });
      state.teams.set(id, team);
      for (const storeId of body.store_ids ?? []) state.storeTeams.set(storeId, id);
      return { status: 201, body: { team_id: id, api_key: key, requests_per_second: team.requestsPerSecond } };
    }
    if (path === "/__fake/clock") {
      const team = state.teams.get(body.team_id ?? "team_default");
      if (!team) return error(404, "not_found", "No such team");
      if (body.real) team.frozenAt = null;
      else if (typeof body.now === "number") team.frozenAt = body.now;
      else if (typeof body.advance_ms === "number") team.frozenAt = team.now() + body.advance_ms;
      return { status: 200, body: { now: team.now(), frozen: team.frozenAt !== null } };
    }
    if (path === "/__fake/verified-domains") {
      const team = state.teams.get(body.team_id ?? "team_default");
      if (!team) return error(404, "not_found", "No such team");
      team.verifiedDomains = body.domains ? new Set(body.domains.map((d) => d.toLowerCase())) : null;
      return { status: 204 };
    }
    if (path === "/__fake/hold") {
      // Holding toggled on its own, so the store's failure PRNG carries on where it was.
      const mode = state.stores.get(body.store_id) ?? storeMode({});
      mode.hold = Boolean(body.hold);
      state.stores.set(body.store_id, mode);
      return { status: 204 };
    }
    if (path === "/__fake/held") {
      const storeId = url.searchParams.get("store_id");
      return { status: 200, body: { held: state.held.filter((h) => !storeId || h.storeId === storeId).length } };
    }
    if (path === "/__fake/release") {
      const mine = state.held.filter((h) => !body.store_id || h.storeId === body.store_id);
      state.held = state.held.filter((h) => !mine.includes(h));
      for (const h of mine) h.resolve();
      return { status: 200, body: { released: mine.length } };
    }
    if (path === "/__fake/mark") return { status: 200, body: { seq: state.seq } };
    if (path === "/__fake/sent") {
      const storeId = url.searchParams.get("store_id");
      const teamId = url.searchParams.get("team_id");
      const to = url.searchParams.get("to")?.toLowerCase();
      const mine = (entry) => (!storeId || entry.store_id === storeId) && (!teamId || entry.team_id === teamId);
      const emails = state.sent.filter((email) => mine(email) && (!to || recipients(email).some((r) => String(r).toLowerCase() === to)));
      // `summary=1`: without the bodies, for suites that count thousands of emails.
      const shown = url.searchParams.get("summary") ? emails.map(({ id, seq, at, key, team_id, store_id, to, tags }) => ({ id, seq, at, key, team_id, store_id, to, tags })) : emails;
      return { status: 200, body: { emails: shown, requests: state.requests.filter(mine), seq: state.seq } };
    }
    return error(404, "not_found", "Not found");
  }

  async function route(req, url, body) {
    if (url.pathname.startsWith("/__fake/")) return domains.control(url.pathname, body ?? {}) ?? control(req.method, url.pathname, url, body ?? {});
    if (req.method === "POST" && url.pathname === "/emails/batch") return sendEmails(req, body, false);
    if (req.method === "POST" && url.pathname === "/emails") return sendEmails(req, body, true);
    if (url.pathname === "/domains" || url.pathname.startsWith("/domains/")) {
      const { refused, team } = authenticate(req, false);
      // A team a test set up with its own verified domains lists those; the default team has the domains API.
      if (!refused && team.verifiedDomains && req.method === "GET" && url.pathname === "/domains") return listDomains(req);
      return domains.answer(req.method, url.pathname, body, refused ?? null) ?? error(404, "not_found", "Not found");
    }
    return error(404, "not_found", "Not found");
  }

  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", "http://fake");
      let body = null;
      let answer;
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : null;
      } catch {
        answer = error(400, "validation_error", "Invalid JSON body.");
      }
      answer ??= await route(req, url, body);
      // No answer at all: the caller sees a connection lost, as after its own timeout.
      if (answer.drop) return void req.socket.destroy();
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
    close: () => {
      for (const h of state.held) h.resolve();
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

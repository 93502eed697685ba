// Ingest throughput: Shopify `checkouts/create` webhooks and `POST /api/v1/carts`, each relative to
// /healthz on the same server in the same run (the ratio says what ingestion costs on top of the
// runtime itself, whatever the machine), the webhook's acknowledgement latency, and whether every
// cart the load sent is accounted for: one sequence each, or its request was refused.
import { createHmac } from "node:crypto";
import autocannon from "autocannon";
import { cartPayload, createStore, fmtInt, listAllSequences, percentile, shopifyCheckout, sleep } from "./lib.mjs";

const WEBHOOK_TARGET_RATIO = 0.7;
const CARTS_TARGET_RATIO = 0.4;
const WEBHOOK_P99_TARGET_MS = 50;

/**
 * One bounded autocannon run (time-bound, plus a safety timer). Per-request latencies and status
 * codes are collected from the `response` events so that several rounds can be pooled.
 */
function load(opts, tally) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ timeout: 10, ...opts }, (error, result) => {
      clearTimeout(guard);
      if (error) return reject(error);
      if (tally) {
        tally.seconds += result.duration;
        tally.errors += result.errors;
        tally.timeouts += result.timeouts;
      }
      resolve(result);
    });
    if (tally) {
      instance.on("response", (_client, status, _bytes, responseTime) => {
        tally.latencies.push(responseTime);
        tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
      });
    }
    const guard = setTimeout(() => instance.stop(), (opts.duration + 30) * 1000);
  });
}

const newTally = () => ({ seconds: 0, errors: 0, timeouts: 0, latencies: [], statuses: {} });

function summary(t) {
  const sorted = t.latencies.sort((a, b) => a - b);
  const total = sorted.length;
  const ok = Object.entries(t.statuses).reduce((sum, [code, n]) => sum + (code.startsWith("2") ? n : 0), 0);
  return {
    rps: total / t.seconds,
    total,
    ok,
    non2xx: total - ok,
    statuses: t.statuses,
    errors: t.errors,
    timeouts: t.timeouts,
    latency: { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted.at(-1) },
  };
}

/** Signs a Shopify webhook body: base64 HMAC-SHA256 of the raw body with the store's webhook secret. */
export const shopifyHmac = (secret, body) => createHmac("sha256", secret).update(body).digest("base64");

/** Headers and body of one signed Shopify webhook with a unique webhook id. */
export function shopifyWebhook(secret, topic, payload) {
  const body = JSON.stringify(payload);
  return {
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-webhook-id": crypto.randomUUID(),
      "x-shopify-hmac-sha256": shopifyHmac(secret, body),
      "x-shopify-shop-domain": "bench.myshopify.com",
    },
    body,
  };
}

/**
 * Every token a load sends, with what its request answered: "ok" (2xx), "refused" (any other
 * status), or nothing (no answer seen: cut off when a round ended, timed out, or errored). The
 * token travels in autocannon's per-connection context from `setupRequest` to `onResponse`
 * (one request in flight per connection), so outcomes are per token, not only counts.
 */
function tokenLedger(prefix) {
  const outcomes = new Map();
  let n = 0;
  return {
    outcomes,
    next() {
      n += 1;
      const token = `${prefix}-${n}`;
      outcomes.set(token, null);
      return { token, n };
    },
    answered(token, status) {
      if (token) outcomes.set(token, status >= 200 && status < 300 ? "ok" : "refused");
    },
  };
}

export async function measureIngest(origin, { connections = 10, seconds = 8, rounds = 2, warmupSeconds = 2, drainSeconds = 120 } = {}) {
  // Default plan: the first step is due in an hour, so no alarm fires while we measure.
  const cartStore = await createStore(origin, "Bench ingest carts");
  const hookStore = await createStore(origin, "Bench ingest webhooks");
  const run = Date.now().toString(36);
  const carts = tokenLedger(`bench-${run}`);
  const hooks = tokenLedger(`bench-wh-${run}`);

  // Every request is a new cart (a new token: a new Durable Object and a new sequence).
  const cartRequest = {
    method: "POST",
    path: "/api/v1/carts",
    headers: { "content-type": "application/json", authorization: `Bearer ${cartStore.secret_key}` },
    setupRequest: (req, context) => {
      const { token, n } = carts.next();
      context.token = token;
      return { ...req, body: JSON.stringify(cartPayload(token, n)) };
    },
    onResponse: (status, _body, context) => carts.answered(context.token, status),
  };
  const hookRequest = {
    method: "POST",
    path: `/webhooks/shopify/${hookStore.id}`,
    setupRequest: (req, context) => {
      const { token, n } = hooks.next();
      context.token = token;
      return { ...req, ...shopifyWebhook(hookStore.webhook_secret, "checkouts/create", shopifyCheckout(token, n)) };
    },
    onResponse: (status, _body, context) => hooks.answered(context.token, status),
  };
  const targets = {
    health: { url: `${origin}/healthz`, connections },
    carts: { url: origin, connections, requests: [cartRequest] },
    hooks: { url: origin, connections, requests: [hookRequest] },
  };

  // What a window left behind (queued webhooks, carts' first writes) must not land in the next
  // target's window: /healthz measured beside another target's backlog is not the runtime's rate
  // (a quick run once saw it answer nothing at all), and each target should pay for its own work.
  const backlogs = { carts: { store: cartStore, ledger: carts }, hooks: { store: hookStore, ledger: hooks } };
  const settle = (name) => (backlogs[name] ? settleBacklog(origin, backlogs[name]) : Promise.resolve());

  // Warm-up: JIT, workerd's isolates and D1's statement cache, so no measurement pays for them.
  for (const [name, target] of Object.entries(targets)) {
    await load({ ...target, duration: warmupSeconds });
    await settle(name);
  }

  // Interleaved rounds: this machine is shared, so drifting background load hits all three alike.
  const tallies = { health: newTally(), carts: newTally(), hooks: newTally() };
  const perRound = seconds / rounds;
  for (let round = 0; round < rounds; round++) {
    for (const [name, target] of Object.entries(targets)) {
      await load({ ...target, duration: perRound }, tallies[name]);
      await settle(name);
    }
  }
  const healthz = summary(tallies.health);
  const ingest = summary(tallies.carts);
  const webhook = summary(tallies.hooks);

  const accounted = await accountFor(origin, [
    { label: "POST /api/v1/carts", store: cartStore, ledger: carts },
    { label: "checkouts/create webhooks", store: hookStore, ledger: hooks },
  ], drainSeconds);

  // A target that answered nothing has no rate or latency to compare: the row is broken, not slow.
  const silent = [healthz, ingest, webhook].some((r) => r.total === 0);
  const hookRatio = webhook.rps / healthz.rps;
  const cartRatio = ingest.rps / healthz.rps;
  const p99 = webhook.latency.p99;
  return {
    rows: [
      {
        id: "webhook-ratio",
        kind: "timing",
        name: `Shopify \`checkouts/create\` webhook ack req/s ÷ /healthz req/s (${connections} conn, ${seconds} s each)`,
        value: `${hookRatio.toFixed(2)} (${fmtInt(webhook.rps)} ÷ ${fmtInt(healthz.rps)} req/s; ${webhook.non2xx} non-2xx, ${webhook.errors} errors)`,
        target: `≥ ${WEBHOOK_TARGET_RATIO}`,
        pass: hookRatio >= WEBHOOK_TARGET_RATIO,
        broken: silent,
      },
      {
        id: "carts-ratio",
        kind: "timing",
        name: `\`POST /api/v1/carts\` req/s ÷ /healthz req/s (${connections} conn, ${seconds} s each)`,
        value: `${cartRatio.toFixed(2)} (${fmtInt(ingest.rps)} ÷ ${fmtInt(healthz.rps)} req/s; ${ingest.non2xx} non-2xx, ${ingest.errors} errors)`,
        target: `≥ ${CARTS_TARGET_RATIO}`,
        pass: cartRatio >= CARTS_TARGET_RATIO,
        broken: silent,
      },
      {
        id: "webhook-p99",
        kind: "timing",
        name: `Webhook ack latency p99 at ${connections} connections`,
        value: `${Math.round(p99)} ms (p50 ${Math.round(webhook.latency.p50)} ms; /healthz p99 ${Math.round(healthz.latency.p99)} ms)`,
        target: `< ${WEBHOOK_P99_TARGET_MS} ms`,
        pass: p99 < WEBHOOK_P99_TARGET_MS,
        broken: silent,
      },
      accounted.row,
    ],
    detail: { healthz, ingest, webhook, accounted: accounted.detail },
  };
}

/**
 * Waits (bounded) until every token a load has acknowledged has its sequence and nothing more is
 * arriving, so the work a window queued is done before the next window starts.
 */
async function settleBacklog(origin, { store, ledger }, { boundSeconds = 60, quietMs = 500 } = {}) {
  const deadline = Date.now() + boundSeconds * 1000;
  const acknowledged = () => [...ledger.outcomes.values()].filter((outcome) => outcome === "ok").length;
  let last = -1;
  let unchangedSince = Date.now();
  while (Date.now() < deadline) {
    const count = (await listAllSequences(origin, store.secret_key)).length;
    if (count !== last) unchangedSince = Date.now();
    last = count;
    if (count >= acknowledged() && Date.now() - unchangedSince >= quietMs) return;
    await sleep(250);
  }
}

/**
 * Every token sent must end with exactly one sequence unless its request was not acknowledged
 * (refused, or no answer seen); and no sequence may name a token nobody sent. A webhook may be
 * acknowledged before it is processed (an ingest queue), so the stores' sequences are polled until
 * every acknowledged token has one, or nothing has changed for a while, within `drainSeconds`.
 */
async function accountFor(origin, loads, drainSeconds) {
  const started = Date.now();
  const deadline = started + drainSeconds * 1000;
  let views = [];
  let lastCount = -1;
  let unchangedSince = Date.now();
  for (;;) {
    views = await Promise.all(loads.map(({ store }) => listAllSequences(origin, store.secret_key)));
    const missing = loads.reduce((sum, { ledger }, i) => {
      const seen = new Set(views[i].map((s) => s.cart.token));
      return sum + [...ledger.outcomes].filter(([token, outcome]) => outcome === "ok" && !seen.has(token)).length;
    }, 0);
    const count = views.reduce((sum, v) => sum + v.length, 0);
    if (count !== lastCount) unchangedSince = Date.now();
    lastCount = count;
    // Done when nothing acknowledged is missing and the count has settled (late, unanswered ones land too).
    if ((missing === 0 && Date.now() - unchangedSince >= 2000) || Date.now() > deadline || (missing > 0 && Date.now() - unchangedSince > 20_000)) break;
    await sleep(1000);
  }
  const drainedSeconds = (Date.now() - started) / 1000;

  const perLoad = loads.map(({ label, ledger }, i) => {
    const byToken = new Map();
    for (const s of views[i]) byToken.set(s.cart.token, (byToken.get(s.cart.token) ?? 0) + 1);
    const tally = { label, sent: ledger.outcomes.size, ok: 0, refused: 0, unanswered: 0, unansweredWithSequence: 0, accounted: 0, lost: 0, duplicated: 0, strangers: 0, sequences: views[i].length };
    for (const [token, outcome] of ledger.outcomes) {
      const n = byToken.get(token) ?? 0;
      if (outcome === "ok") tally.ok += 1;
      else if (outcome === "refused") tally.refused += 1;
      else {
        tally.unanswered += 1;
        if (n === 1) tally.unansweredWithSequence += 1;
      }
      if (n > 1) tally.duplicated += 1;
      if (outcome === "ok" && n === 0) tally.lost += 1;
      if (n === 1 || (outcome !== "ok" && n === 0)) tally.accounted += 1;
    }
    tally.strangers = [...byToken.keys()].filter((token) => !ledger.outcomes.has(token)).length;
    return tally;
  });
  const sum = (key) => perLoad.reduce((total, t) => total + t[key], 0);
  const sent = sum("sent");
  const accounted = sum("accounted");
  const percent = sent === 0 ? 0 : (100 * accounted) / sent;
  const pass = sent > 0 && accounted === sent && sum("strangers") === 0;
  return {
    row: {
      id: "accounted",
      kind: "correctness",
      name: "Carts accounted for: every token the ingest load sent has exactly one sequence, or its request was refused",
      value: `${percent === 100 ? "100" : percent.toFixed(2)} % (${fmtInt(accounted)} of ${fmtInt(sent)} tokens: ${fmtInt(sum("sequences"))} sequences for ${fmtInt(sum("ok"))} acknowledged tokens, ${sum("lost")} lost, ${sum("duplicated")} duplicated; ${sum("refused")} refused; ${sum("unanswered")} unanswered at a round's end, ${sum("unansweredWithSequence")} of them with a sequence; ${sum("strangers")} sequences for tokens never sent; settled ${drainedSeconds.toFixed(1)} s after the load)`,
      target: "100 %",
      pass,
    },
    detail: { perLoad, drainedSeconds },
  };
}

// Row 3: cart ingest throughput, relative to /healthz on the same server in the same run, so the
// ratio says what ingestion costs on top of the runtime itself, whatever the machine.
import autocannon from "autocannon";
import { api, cartPayload, createStore, fmtInt, percentile } from "./lib.mjs";

const TARGET_RATIO = 0.4;

/**
 * One bounded autocannon run (time-bound, plus a safety timer). Per-request latencies and status
 * codes are collected from the `response` events so that several rounds can be pooled.
 */
function load(opts, tally) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ connections: 10, timeout: 10, ...opts }, (error, result) => {
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

export async function measureIngest(origin, { connections = 10, seconds = 8, rounds = 2, warmupSeconds = 2 } = {}) {
  // Default plan: the first step is due in an hour, so no alarm fires while we measure.
  const store = await createStore(origin, "Bench ingest");
  const run = Date.now().toString(36);
  let generated = 0;
  // Every request is a new cart (distinct token), i.e. a new Durable Object and a new sequence.
  const cartRequest = {
    method: "POST",
    path: "/api/v1/carts",
    headers: { "content-type": "application/json", authorization: `Bearer ${store.secret_key}` },
    setupRequest: (req) => {
      generated += 1;
      return { ...req, body: JSON.stringify(cartPayload(`bench-${run}-${generated}`, generated)) };
    },
  };
  const health = { url: `${origin}/healthz`, connections };
  const carts = { url: origin, connections, requests: [cartRequest] };

  // Warm-up: JIT, workerd's isolates and D1's statement cache, so neither measurement pays for them.
  await load({ ...health, duration: warmupSeconds });
  await load({ ...carts, duration: warmupSeconds });

  // Interleaved rounds: this machine is shared, so drifting background load hits both sides alike.
  const healthTally = newTally();
  const cartTally = newTally();
  const perRound = seconds / rounds;
  for (let round = 0; round < rounds; round++) {
    await load({ ...health, duration: perRound }, healthTally);
    await load({ ...carts, duration: perRound }, cartTally);
  }
  const healthz = summary(healthTally);
  const ingest = summary(cartTally);

  // Distinct tokens check: each 2xx cart must have started its own sequence (the rollups count
  // them). Warm-up carts and requests cut off at the end of a round count too, hence a range.
  const { body: analytics } = await api(origin, "/api/v1/recovery/analytics", { key: store.secret_key });
  const started = analytics.total_sequences;
  const distinct = started >= ingest.ok && started <= generated;

  const ratio = ingest.rps / healthz.rps;
  const failures = ingest.non2xx + ingest.errors + ingest.timeouts;
  return {
    rows: [
      {
        name: `Cart ingest req/s ÷ /healthz req/s (${connections} conn, ${seconds} s each)`,
        value: `${ratio.toFixed(2)} (${fmtInt(ingest.rps)} ÷ ${fmtInt(healthz.rps)} req/s)`,
        target: `≥ ${TARGET_RATIO}`,
        pass: ratio >= TARGET_RATIO,
      },
      {
        name: "Cart ingest non-2xx / errors / timeouts",
        value: `${ingest.non2xx} / ${ingest.errors} / ${ingest.timeouts} of ${fmtInt(ingest.total)} (${fmtInt(started)} sequences for ${fmtInt(generated)} distinct tokens sent)`,
        target: "0; one sequence per cart",
        pass: failures === 0 && distinct,
      },
    ],
    detail: { healthz, ingest, sequencesStarted: started, tokensSent: generated },
  };
}

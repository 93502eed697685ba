// Coordinator decisions with Klaviyo configured: 1,000 email steps of 1,000 different shoppers fall
// due at one instant, and the send consumer asks the fake Klaviyo (test/fakes/klaviyo-server.mjs,
// at its default limits, which are Klaviyo's documented per-endpoint ones) before each send.
// The row counts how long until every step is decided, the fake's 429 answers and the steps that
// went without Klaviyo's check (`integration_unavailable` on the timeline).
import { api, cartPayload, createStore, listAllSequences, mapLimit, sleep } from "./lib.mjs";

const RECOVERY_FLOW = "RxBnch";

/** The fake's control endpoints (register the key, seed profiles and Klaviyo's own sends, read requests). */
async function control(fake, path, body) {
  const response = await fetch(`${fake.url}${path}`, {
    method: body ? "POST" : "GET",
    headers: { "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`fake Klaviyo ${path} → ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}


/**
 * The step's outcome once the coordinator has decided it with Klaviyo's answer: sent (Resend took
 * it), skipped, failed, or deferred (waiting again, due later than planned, with the reason);
 * null while it still waits for its alarm or sits in the send queue ("queued for sending").
 */
function outcomeOf(step, dueAt) {
  if (["sent", "skipped", "failed"].includes(step.status)) return step.status;
  if (step.status === "scheduled" && step.reason && step.reason !== "queued for sending" && Date.parse(step.scheduled_at) > dueAt + 1000) return "deferred";
  return null;
}

const countBy = (values) => values.reduce((counts, v) => ({ ...counts, [v]: (counts[v] ?? 0) + 1 }), {});

/** The most requests one endpoint received within any one clock second. */
function peakPerSecond(requests) {
  const perSecond = countBy(requests.map((r) => Math.floor(r.at / 1000)));
  return Math.max(0, ...Object.values(perSecond));
}

export async function measureKlaviyoDecisions(origin, fake, resend, { carts = 1000, concurrency = 20, postingBudgetSeconds = 40, waitSeconds = 150, recentEvery = 10 } = {}) {
  const run = Date.now().toString(36);
  const apiKey = `pk_bench_${run}`;
  await control(fake, "/__fake/accounts", { api_key: apiKey, organization_name: "Bench Klaviyo store" });

  const step = { id: "email_5s", channel: "email", delay_seconds: 5, subject: "Your cart is waiting", body: "Your cart at {{store_name}} is saved." };
  const store = await createStore(origin, "Bench Klaviyo decisions", {
    steps: [step],
    frequency_cap: { max_emails: 100, per_hours: 1 },
    resend: { requests_per_second: 2 },
    klaviyo: { api_key: apiKey, policy: "skip", lookback_hours: 24 },
  });

  // Klaviyo knows every shopper (a Shopify store's Klaviyo has a profile per checkout), so each
  // address costs one profile match and one event look-up. Every `recentEvery`-th shopper got
  // Klaviyo's own abandoned-cart email 2 h ago (Reva must skip them); every third got a newsletter.
  const payloads = Array.from({ length: carts }, (_, i) => cartPayload(`klav-${run}-${i}`, i));
  const recent = new Set();
  await mapLimit(payloads, 20, async (cart, i) => {
    if (i % recentEvery === 0) {
      recent.add(cart.email);
      const datetime = new Date(Date.now() - 2 * 3600_000).toISOString();
      await control(fake, "/__fake/received-emails", { api_key: apiKey, email: cart.email, messages: [{ datetime, flow_id: RECOVERY_FLOW, campaign_name: "Abandoned Cart Reminder 1", subject: "You left something behind" }] });
    } else if (i % 3 === 0) {
      const datetime = new Date(Date.now() - 5 * 3600_000).toISOString();
      await control(fake, "/__fake/received-emails", { api_key: apiKey, email: cart.email, messages: [{ datetime, campaign_name: "Weekly newsletter", subject: "New arrivals this week" }] });
    } else {
      await control(fake, "/__fake/profiles", { api_key: apiKey, email: cart.email });
    }
  });

  // One shared abandonment time, far enough ahead that posting ends first and every object idles.
  const abandonedAt = Date.now() + postingBudgetSeconds * 1000;
  const postStart = Date.now();
  await mapLimit(payloads, concurrency, (cart) => api(origin, "/api/v1/carts", { key: store.secret_key, body: { ...cart, updated_at: new Date(abandonedAt).toISOString() } }));
  const postSeconds = (Date.now() - postStart) / 1000;
  const dueAt = abandonedAt + step.delay_seconds * 1000;
  await sleep(Math.max(0, dueAt - Date.now()));

  // Beside the polling: a D1 read (one sequence of the list) and /healthz, each timed from the due
  // moment until the first decision, to tell a busy D1 from a busy Worker.
  let probing = true;
  const probes = { d1: [], healthz: [] };
  const probe = (async () => {
    while (probing) {
      for (const [kind, path, key] of [["d1", "/api/v1/recovery/sequences?limit=1", store.secret_key], ["healthz", "/healthz"]]) {
        const started = Date.now();
        await fetch(`${origin}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} }).then((r) => r.arrayBuffer());
        probes[kind].push({ at: (started - dueAt) / 1000, ms: Date.now() - started });
      }
      await sleep(250);
    }
  })();

  let sequences = [];
  let decided = [];
  const deadline = Date.now() + waitSeconds * 1000;
  while (Date.now() < deadline) {
    await sleep(1000);
    sequences = await listAllSequences(origin, store.secret_key);
    decided = sequences.filter((s) => outcomeOf(s.steps[0], dueAt));
    if (decided.length > 0) probing = false;
    if (sequences.length === carts && decided.length === carts) break;
  }
  probing = false;
  await probe;

  // Each decision's moment, and the notes, from the timelines (one GET per sequence).
  const timelines = await mapLimit(sequences, 10, async (s) => (await api(origin, `/api/v1/recovery/sequences/${s.id}`, { key: store.secret_key })).body);
  const DECISIONS = new Set(["email_sent", "email_skipped", "email_failed", "email_deferred"]);
  const decidedAt = [];
  let unchecked = 0;
  let recentSkipped = 0;
  const noteSamples = new Set();
  const queuedAt = [];
  for (const detail of timelines) {
    const decision = detail.timeline.find((e) => e.step === step.id && DECISIONS.has(e.type));
    if (decision) decidedAt.push(Date.parse(decision.at));
    const queued = detail.timeline.find((e) => e.step === step.id && e.type === "email_queued");
    if (queued) queuedAt.push(Date.parse(queued.at));
    const notes = detail.timeline.filter((e) => e.type === "integration_unavailable");
    if (notes.length > 0) unchecked++;
    if (notes.length > 0 && noteSamples.size < 3) noteSamples.add(notes[0].detail);
    if (recent.has(detail.cart.customer_email) && detail.steps[0].status === "skipped" && /Klaviyo sent/.test(detail.steps[0].reason ?? "")) recentSkipped++;
  }
  const lastDecision = decidedAt.length ? Math.max(...decidedAt) : NaN;
  // Where the time goes: the alarms queue the jobs (email_queued), then each queue delivery asks
  // Klaviyo, claims, renders and sends to Resend; every stage as seconds after the due moment.
  const spread = (times) => {
    const sorted = times.map((t) => (t - dueAt) / 1000).sort((a, b) => a - b);
    return sorted.length ? { first: sorted[0], p50: sorted[Math.floor(sorted.length / 2)], last: sorted.at(-1) } : null;
  };
  const seconds = (lastDecision - dueAt) / 1000;
  const perSecond = decided.length / seconds;

  // What Klaviyo saw: every request under the store's key, by endpoint and answer.
  const { requests } = await control(fake, `/__fake/requests?api_key=${encodeURIComponent(apiKey)}`);
  const endpoint = (r) => `${r.method} ${r.path.replace(/\/$/, "")}`;
  const byEndpoint = {};
  for (const [name, list] of Object.entries(Object.groupBy(requests, endpoint))) {
    byEndpoint[name] = {
      requests: list.length,
      statuses: countBy(list.map((r) => r.status)),
      peakPerSecond: peakPerSecond(list),
      firstAfterDue: (Math.min(...list.map((r) => r.at)) - dueAt) / 1000,
      lastAfterDue: (Math.max(...list.map((r) => r.at)) - dueAt) / 1000,
      profilesPerRequest: name === "GET /api/profiles" ? list.map((r) => (r.query.filter?.match(/"/g)?.length ?? 0) / 2) : undefined,
    };
  }
  // One queue delivery asks once per store: a profile match per 100 addresses, then the event look-ups.
  // Split at each delivery's first profile request: how long Klaviyo's check took, and how long
  // the whole delivery (claims, rendering, D1, Resend) took until the next one asked.
  const ordered = [...requests].sort((a, b) => a.at - b.at);
  const starts = ordered.flatMap((r, i) => (r.path.startsWith("/api/profiles") && !ordered[i - 1]?.path.startsWith("/api/profiles") ? [i] : []));
  const deliveries = starts.map((start, k) => {
    const part = ordered.slice(start, starts[k + 1] ?? ordered.length).filter((r) => r.method === "GET");
    return { at: part[0].at, checkMs: part.at(-1).at - part[0].at, lookups: part.length };
  });
  const gaps = deliveries.slice(1).map((d, k) => d.at - deliveries[k].at);
  const mean = (list) => (list.length ? list.reduce((a, b) => a + b, 0) / list.length : NaN);
  const lookups = requests.filter((r) => r.method === "GET");
  const throttled = lookups.filter((r) => r.status === 429).length;
  const throttledCreates = requests.filter((r) => r.method === "POST" && r.status === 429).length;
  const { body: integrations } = await api(origin, "/api/v1/integrations", { key: store.secret_key });

  const outcomes = countBy(decided.map((s) => outcomeOf(s.steps[0], dueAt)));
  const complete = sequences.length === carts && decided.length === carts;
  const profileSizes = byEndpoint["GET /api/profiles"]?.profilesPerRequest ?? [];
  return {
    rows: [
      {
        id: "klaviyo",
        kind: "info",
        name: `Coordinator decisions per second with Klaviyo configured (fake Klaviyo at its documented rate limits), ${carts.toLocaleString("en-US")} due email steps — every step decided, none blocked by Klaviyo's rate`,
        value:
          `${Number.isFinite(perSecond) ? perSecond.toFixed(0) : "n/a"} decisions/s (${Number.isFinite(seconds) ? seconds.toFixed(1) : "n/a"} s); ` +
          `${decided.length}/${carts} decided (${Object.entries(outcomes).map(([k, v]) => `${v} ${k}`).join(", ")}); ` +
          `${throttled} × 429 on look-ups${throttledCreates ? ` (+${throttledCreates} on Create Event)` : ""}; ${unchecked} unchecked; ` +
          `${recentSkipped}/${recent.size} Klaviyo-emailed shoppers skipped`,
        target: "all decided, 0 × 429, 0 unchecked",
        pass: complete && throttled === 0 && unchecked === 0 && recentSkipped === recent.size,
      },
    ],
    detail: {
      carts,
      postSeconds,
      queued: spread(queuedAt),
      probes: Object.fromEntries(Object.entries(probes).map(([kind, list]) => [kind, { count: list.length, maxMs: Math.max(0, ...list.map((p) => p.ms)), slowest: list.reduce((a, b) => (b.ms > (a?.ms ?? -1) ? b : a), null) }])),
      deliveries: { count: deliveries.length, meanCheckMs: mean(deliveries.map((d) => d.checkMs)), meanLookups: mean(deliveries.map((d) => d.lookups)), meanIntervalMs: mean(gaps) },
      decisions: spread(decidedAt),
      resendBatches: spread(resend.state.requests.filter((r) => r.store_id === store.id && r.outcome === 200).map((r) => r.at)),
      seconds,
      perSecond,
      decided: decided.length,
      outcomes,
      throttled,
      throttledCreates,
      unchecked,
      noteSamples: [...noteSamples],
      recent: recent.size,
      recentSkipped,
      byEndpoint: Object.fromEntries(Object.entries(byEndpoint).map(([k, { profilesPerRequest, ...v }]) => [k, v])),
      profilesPerRequest: { requests: profileSizes.length, min: Math.min(...profileSizes), max: Math.max(...profileSizes), mean: profileSizes.reduce((a, b) => a + b, 0) / (profileSizes.length || 1) },
      integration: integrations.klaviyo ?? null,
    },
  };
}

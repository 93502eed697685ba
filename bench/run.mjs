// `npm run bench`: the numbers of SPEC §9 (issue 11's table), measured against `wrangler dev` on
// 127.0.0.1 with a throwaway local state, printed as one markdown table and written to
// bench/RESULTS.md. `npm run bench -- --quick` runs every row at a small size (for CI): it fails on a
// broken row (a measurement that errors or whose run was incomplete, or a correctness row: sizes,
// rows-read equality, carts accounted for) but not on a noisy timing.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import os from "node:os";
import { join } from "node:path";
import { startDevServer } from "../scripts/lib/dev-server.mjs";
import { applyLocalMigrations, root, run } from "../scripts/lib/toolchain.mjs";
import { measureAlarmLateness } from "./alarm-lateness.mjs";
import { createAnalyticsStores, measureAnalyticsRows, seedSequences } from "./analytics-rows.mjs";
import { measureEmailThroughput } from "./email-throughput.mjs";
import { measureGa4Batching } from "./ga4-batching.mjs";
import { measureIngest } from "./ingest.mjs";
import { measureKlaviyoDecisions } from "./klaviyo-decisions.mjs";
import { BENCH_RESEND_WEBHOOK_SECRET, lifecycleBytesRow, measureLifecycles } from "./lifecycle.mjs";
import { measureSequenceList } from "./sequence-list.mjs";
import { measureDashboardInitialJs, measureWidgetSize } from "./sizes.mjs";
import { measureWidgetSession, prepareWidgetStore, seedWidgetCarts } from "./widget-session.mjs";
import { startFakeGa4 } from "../test/fakes/ga4-server.mjs";
import { startFakeKlaviyo } from "../test/fakes/klaviyo-server.mjs";
import { startFakeResend } from "../test/fakes/resend-server.mjs";

const QUICK = process.argv.includes("--quick");
// Not 8787, so a running `npm start` is neither measured nor disturbed; BENCH_PORT moves it.
const PORT = Number(process.env.BENCH_PORT ?? 8791);
if (!Number.isInteger(PORT) || PORT < 1 || PORT > 65535) throw new Error(`BENCH_PORT must be a port number, not ${process.env.BENCH_PORT}`);

/** Every row's size: the issue's in a full run, small enough for CI's two minutes with --quick. */
const SIZES = QUICK
  ? {
      ingest: { seconds: 2, rounds: 2, warmupSeconds: 0.5, drainSeconds: 30 },
      lateness: { carts: 100, delaySeconds: 3, postingBudgetSeconds: 5, waitSeconds: 30 },
      email: { emails: 150, postingBudgetSeconds: 5, waitSeconds: 40 },
      klaviyo: { carts: 50, postingBudgetSeconds: 4, waitSeconds: 60 },
      ga4: { carts: 20, postingBudgetSeconds: 5, waitSeconds: 30 },
      analytics: [1_000, 5_000],
      list: { firstPages: 20, cursorPages: 40, warmup: 4 },
      widget: { visitors: 20, stored: 1_000, calls: 5 },
      lifecycles: { carts: 10, firstStepSeconds: 3, stepGapSeconds: 2, quietMs: 1000 },
    }
  : {
      ingest: { seconds: 8, rounds: 2, warmupSeconds: 2, drainSeconds: 120 },
      lateness: { carts: 1000 },
      // Waits are bounds, left early when done: a loaded machine can take minutes to wake 1,000 idle carts.
      email: { emails: 1000, waitSeconds: 300 },
      klaviyo: { carts: 1000 },
      ga4: { carts: 200 },
      analytics: [1_000, 100_000],
      list: { firstPages: 100, cursorPages: 200, warmup: 10 },
      widget: { visitors: 100, stored: 10_000, calls: 10 },
      lifecycles: { carts: 100, firstStepSeconds: 30, stepGapSeconds: 6 },
    };

/** The issue's table, in its order; rows beyond it (information) follow. */
const ORDER = [
  "webhook-ratio",
  "carts-ratio",
  "webhook-p99",
  "lateness-active",
  "lateness-burst",
  "emails-queue",
  "emails-e2e",
  "analytics-rows",
  "sequence-list",
  "widget-session",
  "widget-loader",
  "widget-popup",
  "dashboard",
  "rows-written",
  "accounted",
  "bytes-stored",
  "klaviyo",
  "ga4",
];

const began = Date.now();
// The machine may be shared (tests, builds); the load average at the start says how much.
const loadAtStart = os.loadavg()[0];
const publicDir = join(root, "dist", "public");
const persistDir = join(root, "bench", ".out", `state-${new Date().toISOString().replace(/[:.]/g, "-")}`);

// Progress goes to stderr; stdout carries only the table.
const progress = (message) => console.error(`[bench +${Math.round((Date.now() - began) / 1000)}s] ${message}`);

const rows = [];
const details = {};

/** A measurement that throws still gets its row, marked failed, and the others still run. */
async function measure(key, work) {
  try {
    const result = await work();
    rows.push(...result.rows);
    details[key] = result.detail;
  } catch (error) {
    progress(`${key} failed: ${error.stack ?? error}`);
    rows.push({ id: key, name: key, value: `error: ${String(error.message ?? error).slice(0, 160)}`, target: "—", pass: false, broken: true });
  }
}

/**
 * The time a burst gives its posting before the shared moment: the size's own default, or more when
 * posting the active carts showed this machine is slower (a shared machine under load), so that
 * every cart is in before its step falls due and the burst stays one.
 */
function budgetFor(carts, fallback = 40) {
  const active = details["lateness (popup)"];
  if (QUICK || !active) return {};
  const needed = Math.ceil((active.postSeconds / active.carts) * carts * 1.5) + 5;
  return needed > fallback ? { postingBudgetSeconds: needed } : {};
}

/**
 * Measurements that share no store: one after another in a full run; together with --quick, whose
 * timings are not enforced (each still checks that every step ran and every email went once).
 */
function phase(work) {
  return QUICK ? Promise.all(work.map((w) => w())) : work.reduce((done, w) => done.then(w), Promise.resolve());
}

/** Every file below `dir` (recursively), with its modification time. */
function mtimes(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => statSync(join(entry.parentPath, entry.name)).mtimeMs);
}

/**
 * Whether dist/public was built after every source it is built from was last changed (as after
 * `npm test` in CI, which builds it): the sizes are then measured without building again.
 */
function buildIsCurrent() {
  const built = mtimes(publicDir);
  if (built.length === 0) return false;
  const sources = [...["widget", "dashboard", "worker"].flatMap((dir) => mtimes(join(root, dir))), statSync(join(root, "package-lock.json")).mtimeMs];
  return Math.max(...sources) < Math.min(...built);
}

function assertPortFree(port) {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", () => reject(new Error(`127.0.0.1:${port} is in use; the benchmark needs it to itself`)));
    probe.listen(port, "127.0.0.1", () => probe.close(resolve));
  });
}

// Resend as the benchmark sees it: a fake on loopback that allows 2 requests per second.
const FAKE_RESEND_KEY = "re_bench_key";
const fakeResend = await startFakeResend({ apiKey: FAKE_RESEND_KEY, requestsPerSecond: 2 });
// Klaviyo at its default (documented, per-endpoint) rate limits, and GA4's Measurement Protocol.
const fakeKlaviyo = await startFakeKlaviyo();
const fakeGa4 = await startFakeGa4();

let server = null;
/** `metered`: the Worker under ./d1-meter-worker.mjs, which counts D1 rows written (the lifecycle rows). */
const startServer = async ({ metered = false } = {}) => {
  await assertPortFree(PORT);
  const vars = {
    REVA_ENV: "development",
    RESEND_API_KEY: FAKE_RESEND_KEY,
    RESEND_BASE_URL: fakeResend.url,
    RESEND_WEBHOOK_SECRET: BENCH_RESEND_WEBHOOK_SECRET,
    KLAVIYO_BASE_URL: fakeKlaviyo.url,
    GA4_BASE_URL: fakeGa4.url,
  };
  // The script is positional, so it must come before the `--var`s (which take every value after them).
  const varArgs = Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]);
  server = await startDevServer({ port: PORT, persistTo: persistDir, quiet: true, args: metered ? ["bench/d1-meter-worker.mjs", ...varArgs] : varArgs });
  return server;
};
const stopServer = async () => {
  if (server) await server.stop();
  server = null;
};

// Ctrl+C: stop the dev server and drop the throwaway state before leaving.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    await stopServer();
    rmSync(persistDir, { recursive: true, force: true });
    process.exit(130);
  });
}

try {
  if (buildIsCurrent()) progress(`${QUICK ? "quick run (small sizes); " : ""}the widget and the dashboard are built from the current sources`);
  else {
    progress(`${QUICK ? "quick run (small sizes); " : ""}building the widget and the dashboard`);
    // buildFrontends(), with vite's output sent to stderr so that stdout stays one table.
    run("npm", ["run", "build", "--silent"], { stdio: ["ignore", 2, 2] });
  }
  await measure("widget size", async () => ({ rows: measureWidgetSize(publicDir), detail: null }));
  await measure("dashboard size", async () => ({ rows: [measureDashboardInitialJs(publicDir)], detail: null }));

  mkdirSync(persistDir, { recursive: true });
  applyLocalMigrations(persistDir);
  progress(`starting wrangler dev on 127.0.0.1:${PORT}`);
  await startServer();
  let analyticsStores = null;
  let widget = null;
  try {
    progress("ingest: webhooks and POST /api/v1/carts vs /healthz, then every token accounted for");
    await measure("ingest", () => measureIngest(server.origin, SIZES.ingest));
    await phase([
      () => (progress(`step lateness: ${SIZES.lateness.carts} active carts`), measure("lateness (popup)", () => measureAlarmLateness(server.origin, SIZES.lateness))),
      () => (progress(`step lateness: ${SIZES.lateness.carts} idle carts all due at one instant`), measure("lateness (burst)", () => measureAlarmLateness(server.origin, { ...SIZES.lateness, ...budgetFor(SIZES.lateness.carts), mode: "burst" }))),
    ]);
    await phase([
      () => (progress(`email throughput: ${SIZES.email.emails} emails due at once, fake Resend at 2 req/s`), measure("email throughput", () => measureEmailThroughput(server.origin, fakeResend, { ...SIZES.email, ...budgetFor(SIZES.email.emails) }))),
      () => (progress(`coordinator decisions with Klaviyo: ${SIZES.klaviyo.carts} email steps due at once, fake Klaviyo at its documented limits`), measure("klaviyo decisions", () => measureKlaviyoDecisions(server.origin, fakeKlaviyo, fakeResend, { ...SIZES.klaviyo, ...budgetFor(SIZES.klaviyo.carts) }))),
      () => (progress(`GA4 batching: ${SIZES.ga4.carts} recovery emails at once, events per /mp/collect request`), measure("ga4 batching", () => measureGa4Batching(server.origin, fakeGa4, fakeResend, { ...SIZES.ga4, ...budgetFor(SIZES.ga4.carts, 15) }))),
    ]);
    analyticsStores = await createAnalyticsStores(server.origin, SIZES.analytics).catch((error) => {
      progress(`creating the analytics stores failed: ${error}`);
      return null;
    });
    widget = await prepareWidgetStore(server.origin, SIZES.widget).catch((error) => {
      progress(`preparing the widget store failed: ${error}`);
      return null;
    });
  } finally {
    await stopServer();
  }

  // Seeding writes the SQLite files directly, so no dev server may hold them meanwhile.
  progress(`seeding ${SIZES.analytics.join(" and ")} sequences and ${SIZES.widget.stored} widget carts into the local D1`);
  const seeded = { analytics: false, widget: false };
  await measure("seeding", async () => {
    if (analyticsStores) {
      seedSequences(persistDir, analyticsStores);
      seeded.analytics = true;
    }
    if (widget) {
      seedWidgetCarts(persistDir, widget, SIZES.widget.stored);
      seeded.widget = true;
    }
    return { rows: [], detail: null };
  });
  progress("restarting wrangler dev, metered, for the seeded stores and the lifecycles");
  await startServer({ metered: true });
  let lifecycle = null;
  try {
    await measure("analytics rows", async () => {
      if (!seeded.analytics) throw new Error("the analytics stores could not be created or seeded");
      return measureAnalyticsRows(server.origin, analyticsStores);
    });
    await measure("sequence list", async () => {
      if (!seeded.analytics) throw new Error("the analytics stores could not be created or seeded");
      return measureSequenceList(server.origin, analyticsStores.at(-1), SIZES.list);
    });
    await measure("widget session", async () => {
      if (!seeded.widget) throw new Error("the widget store could not be prepared or seeded");
      return measureWidgetSession(server.origin, widget, SIZES.widget);
    });
    progress(`${SIZES.lifecycles.carts} cart lifecycles, D1 rows written metered`);
    await measure("rows written", async () => {
      const result = await measureLifecycles(server.origin, fakeResend, persistDir, SIZES.lifecycles);
      lifecycle = result.detail;
      return result;
    });
  } finally {
    await stopServer();
  }
  // The Durable Objects' files are final once the server has stopped.
  if (lifecycle) {
    await measure("bytes stored", async () => {
      const { row, detail } = lifecycleBytesRow(persistDir, lifecycle);
      return { rows: [row], detail };
    });
  }
} finally {
  await stopServer();
  await fakeResend.close();
  await fakeKlaviyo.close();
  await fakeGa4.close();
  rmSync(persistDir, { recursive: true, force: true });
}

const seconds = Math.round((Date.now() - began) / 1000);
rows.sort((a, b) => rank(a) - rank(b));
const table = renderTable(rows);
console.log(table);
if (QUICK) progress(`quick run done in ${seconds} s; bench/RESULTS.md is left as it is (a full run writes it)`);
else {
  writeResults(table, seconds);
  progress(`done in ${seconds} s; bench/RESULTS.md updated`);
}
// A full run fails on any failed row; a quick one only on a broken row (its small sizes make timings noise).
const failing = rows.filter((row) => (QUICK ? row.broken || (row.kind === "correctness" && row.pass === false) : row.pass === false));
if (failing.length > 0) {
  progress(`failing: ${failing.map((row) => row.id ?? row.name).join(", ")}`);
  process.exitCode = 1;
}

function rank(row) {
  const i = ORDER.indexOf(row.id);
  return i === -1 ? ORDER.length : i;
}

function renderTable(list) {
  const cell = (s) => String(s).replace(/\|/g, "\\|");
  const lines = ["| # | Measurement | Value | Target | Result |", "| - | - | - | - | - |"];
  list.forEach((row, i) => {
    const verdict = row.pass === null || row.pass === undefined ? "—" : row.pass ? "pass" : "**FAIL**";
    const result = row.broken ? "**BROKEN**" : QUICK && row.kind !== "correctness" && row.pass === false ? "fail (not enforced in --quick)" : verdict;
    lines.push(`| ${i + 1} | ${cell(row.name)} | ${cell(row.value)} | ${cell(row.target)} | ${result} |`);
  });
  return lines.join("\n");
}

function ms(n) {
  return Number.isFinite(n) ? `${Math.round(n)} ms` : "n/a";
}

function renderDetails() {
  const lines = [];
  const {
    ingest,
    ["lateness (popup)"]: popup,
    ["lateness (burst)"]: burst,
    ["email throughput"]: email,
    ["klaviyo decisions"]: klaviyo,
    ["ga4 batching"]: ga4,
    ["analytics rows"]: analytics,
    ["sequence list"]: list,
    ["widget session"]: widgetSession,
    ["rows written"]: lifecycle,
  } = details;
  if (ingest) {
    for (const [label, r] of [["/healthz", ingest.healthz], ["POST /api/v1/carts", ingest.ingest], ["Shopify checkouts/create webhook", ingest.webhook]]) {
      lines.push(
        `- ${label}: ${Math.round(r.rps)} req/s, ${r.total} requests (status ${JSON.stringify(r.statuses)}, ${r.errors} errors, ${r.timeouts} timeouts); latency p50 ${ms(r.latency.p50)}, p90 ${ms(r.latency.p90)}, p99 ${ms(r.latency.p99)}, max ${ms(r.latency.max)}`,
      );
    }
    for (const t of ingest.accounted.perLoad) {
      lines.push(`- accounted, ${t.label}: ${t.sent} tokens sent (warm-up included), ${t.ok} acknowledged, ${t.refused} refused, ${t.unanswered} unanswered (${t.unansweredWithSequence} with a sequence); ${t.sequences} sequences; ${t.lost} lost, ${t.duplicated} duplicated, ${t.strangers} strangers`);
    }
  }
  for (const l of [popup, burst].filter(Boolean)) {
    lines.push(
      `- popup step${l.burst ? ", burst" : ""}: ${l.carts.toLocaleString("en-US")} carts posted in ${l.postSeconds.toFixed(1)} s (20 in flight); lateness min ${ms(l.min)}, p50 ${ms(l.p50)}, p90 ${ms(l.p90)}, p99 ${ms(l.p99)}, max ${ms(l.max)}; ${l.executed}/${l.seen} ran; step statuses ${JSON.stringify(l.stepStatuses)}`,
    );
  }
  if (email) {
    lines.push(`- email throughput: ${email.sent} emails in ${email.seconds.toFixed(1)} s after they fell due (${email.perSecond.toFixed(0)}/s end to end; ${email.queueRate.toFixed(0)}/s once the queue is busy), ${email.requests} requests to the fake Resend`);
  }
  if (list) {
    lines.push(`- sequences list: first page p50 ${ms(list.first.p50)}, p95 ${ms(list.first.p95)}, max ${ms(list.first.max)} (${list.first.n}); cursor pages p50 ${ms(list.cursor.p50)}, p95 ${ms(list.cursor.p95)}, max ${ms(list.cursor.max)} (${list.cursor.n})`);
  }
  const bytes = details["bytes stored"];
  if (bytes) {
    const tables = Object.entries(bytes.tables)
      .sort((a, b) => b[1].bytes - a[1].bytes)
      .map(([table, t]) => `${table} ${Math.round(t.bytes / bytes.carts)} B / ${(t.rows / bytes.carts).toFixed(1)} rows`)
      .join(", ");
    const objects = Object.entries(bytes.objects)
      .map(([ns, o]) => `${ns} ${o.objects} objects, ${Math.round(o.bytes / o.objects)} B each`)
      .join("; ");
    lines.push(`- bytes per lifecycle, the store's D1 rows by table (values only): ${tables}; Durable Objects created by the lifecycles: ${objects}`);
  }
  if (widgetSession) lines.push(`- widget session: ${widgetSession.samples} timed answers, ${widgetSession.offers} carrying the visitor's popup`);
  if (lifecycle) {
    const p = lifecycle.phases;
    lines.push(
      `- lifecycle (${lifecycle.carts} carts, D1 bindings ${lifecycle.bindings.join(", ")}): rows written per cart ${lifecycle.perLifecycle.toFixed(2)} = ingest ${p.ingest.toFixed(2)} + steps ${p.steps.toFixed(2)} + delivery webhooks ${p.deliveryWebhooks.toFixed(2)} + order ${p.order.toFixed(2)}; ${lifecycle.statements.toFixed(1)} D1 statements per cart; ${lifecycle.emails} emails, ${lifecycle.webhookEvents} Resend webhooks; D1 size ${JSON.stringify(lifecycle.sizeBefore)} → ${JSON.stringify(lifecycle.sizeAfter)} bytes`,
    );
  }
  if (klaviyo) {
    const s = (spread) => (spread ? `${spread.first.toFixed(1)}–${spread.last.toFixed(1)} s` : "n/a");
    const calls = Object.entries(klaviyo.byEndpoint)
      .map(([name, e]) => `${name} ${e.requests} (${Object.entries(e.statuses).map(([status, n]) => `${n} × ${status}`).join(", ")}; peak ${e.peakPerSecond}/s)`)
      .join("; ");
    const { d1, healthz } = klaviyo.probes;
    lines.push(
      `- Klaviyo decisions (seconds after the due moment): the 1,000 alarms ran at ${s(klaviyo.queued)} (their email_queued times); ` +
        `a D1 read (list, limit 1) sent at ${d1.slowest ? d1.slowest.at.toFixed(1) : "n/a"} s took ${(d1.maxMs / 1000).toFixed(1)} s, /healthz at most ${healthz.maxMs} ms meanwhile; ` +
        `decisions at ${s(klaviyo.decisions)} in ${klaviyo.deliveries.count} queue deliveries (wrangler dev hands a queue one batch at a time) ${Math.round(klaviyo.deliveries.meanIntervalMs)} ms apart, of which Klaviyo's check took ${Math.round(klaviyo.deliveries.meanCheckMs)} ms (${klaviyo.deliveries.meanLookups.toFixed(0)} look-ups each, ${klaviyo.profilesPerRequest.mean.toFixed(0)} addresses per profile request); ` +
        `Resend batches at ${s(klaviyo.resendBatches)}; outcomes ${JSON.stringify(klaviyo.outcomes)}`,
    );
    lines.push(`- Klaviyo requests: ${calls}; circuit ${klaviyo.integration?.circuit_state ?? "n/a"}${klaviyo.noteSamples.length ? `; notes e.g. "${klaviyo.noteSamples[0]}"` : ""}`);
  }
  if (ga4) {
    lines.push(
      `- GA4: ${ga4.sent} emails sent, ${ga4.kept} events kept by the fake in ${ga4.requests} /mp/collect requests from ${ga4.browsers} client ids; events per request ${JSON.stringify(ga4.sizes)}; integration ${ga4.ga4 ? `waiting ${ga4.ga4.events_waiting}, dropped ${ga4.ga4.events_dropped}, last error ${ga4.ga4.last_error?.message ?? "none"}` : "n/a"}`,
    );
  }
  if (analytics) {
    for (const r of analytics.reads) lines.push(`- analytics, ${r.size.toLocaleString("en-US")} sequences: x-d1-rows-read ${r.rows} (analytics total_sequences ${r.totalSequences}, active ${r.activeSequences})`);
  }
  return lines.join("\n");
}

/** Which worker was measured: the commit, and whether the work tree differs from it. */
function describeCode() {
  const git = (...args) => spawnSync("git", args, { cwd: root, encoding: "utf8" });
  const head = git("rev-parse", "--short", "HEAD");
  if (head.status !== 0) return "not a git checkout";
  const dirty = git("status", "--porcelain", "--", "worker", "migrations", "wrangler.toml").stdout.trim() !== "";
  return `commit ${head.stdout.trim()}${dirty ? " plus uncommitted changes under worker/ or migrations/" : ""}`;
}

function writeResults(table, runSeconds) {
  const file = join(root, "bench", "RESULTS.md");
  const wranglerVersion = JSON.parse(readFileSync(join(root, "node_modules", "wrangler", "package.json"), "utf8")).version;
  const cpus = os.cpus();
  const section = `## Latest run

- Date: ${new Date().toISOString()}
- Machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown CPU"}), ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.platform()} ${os.release()}; Node ${process.version}, wrangler ${wranglerVersion}; 1-min load average ${loadAtStart.toFixed(2)} at start
- Code measured: ${describeCode()}
- Runtime: ${runSeconds} s

${table}

Details:

${renderDetails()}

Method: everything runs on one machine against \`wrangler dev\` (local workerd, D1, Durable Objects and Queues) on
127.0.0.1:${PORT} with a fresh, throwaway \`--persist-to\` state, so the load generator (autocannon, in the same Node
process) and the server share the same cores; timings are ratios against \`/healthz\` or absolute budgets, and the load
average above says how busy the machine was. Sizes are the built files gzipped with zlib level 9; the dashboard's
initial JS is the module script plus modulepreloads named in \`index.html\`.

Ingest: 10 connections; a warm-up of each target, then \`/healthz\`, \`POST /api/v1/carts\` and signed Shopify
\`checkouts/create\` webhooks (base64 HMAC-SHA256 of the body with the store's webhook secret, a new checkout token and a
unique \`X-Shopify-Webhook-Id\` each) interleaved in two rounds, so drifting background load hits all three; after a
carts or webhooks window the next waits until every acknowledged token has its sequence, so no window measures beside
another's backlog (each still pays for the queue work its own requests cause while it runs); every
request is a new cart (a new Durable Object). The webhook's p99 is over its acknowledgements. Carts accounted for: every
token the load sent (warm-up included) is tracked with its request's answer (2xx, refused, or none seen because a
round ended while it was in flight); the two stores' sequences are then listed through the API, polling until every
acknowledged token has its sequence and the count has settled (a queue may process a webhook after its answer), at
most ${SIZES.ingest.drainSeconds} s; a token is accounted for when it has exactly one sequence, or has none and was not acknowledged.

Lateness: a store whose plan is a popup step a few seconds after abandonment and an email an hour later (so the
sequences stay active); the carts are posted 20 at a time. "Active": each cart is abandoned as it is posted, so its step
falls due while its Durable Object is still in memory. "Idle, one instant": all carts share one abandonment time far
enough ahead that posting ends first and every object has gone idle (40 s, or 1.5× the time posting the active
carts took, scaled to the count, when the machine is slower). Lateness is \`executed_at − scheduled_at\` of the
first step, both set by the cart's object, read through the list API (polled, bounded). Emails: the burst shape with
one email step, against a fake Resend on loopback (test/fakes/resend-server.mjs) that answers 429 above 2 requests/s;
"through the send queue" is the queue's pace once busy (emails of the batches after the first ÷ time from the first
accepted batch to the last); "end to end" is from the due moment to the last accepted batch. Klaviyo decisions: the
same burst for a store connected to a fake Klaviyo (test/fakes/klaviyo-server.mjs) at its documented per-endpoint
limits (Get Profiles 75/s and 750/min, Get Events and Create Event 350/s and 3,500/min, Get Metrics 10/s and 150/min);
every tenth shopper had Klaviyo's own abandoned-cart email 2 h earlier (policy \`skip\`); a step is decided when sent,
skipped, failed or deferred. GA4 batching: shoppers without a \`_ga\` cookie get their email at one moment; events kept
by the fake GA4 ÷ its /mp/collect requests.

Seeded stores (inserted straight into the local D1 with a recursive CTE while no server runs, into the database that
holds the store): analytics stores of ${SIZES.analytics.map((n) => n.toLocaleString("en-US")).join(" and ")} sequences with their timeline events over the last 30 days
(rollups filled by the schema's triggers), rows shaped like the app's (ids the list takes as cursors, a five-step
plan, a two-item cart); one \`GET /api/v1/recovery/analytics\` per store reports \`x-d1-rows-read\`. The sequences list
is the larger store, 20 a page (the dashboard's page size), one request at a time: the first page, and pages behind a
cursor at random depths. Widget session: ${SIZES.widget.stored.toLocaleString("en-US")} seeded carts (with sequences) plus ${SIZES.widget.visitors} carts ingested through
\`POST /api/v1/carts\` with a visitor id, whose popup step is due; each visitor's first \`POST /api/v1/widget/session\`
(unsigned; the Worker vouches for the id the cart was ingested with and signs it), then ${SIZES.widget.calls} timed page views each with
the signed visitor and the cart token, as widget/src/api.ts sends them, 4 visitors at a time, each from its own address.

Rows written and bytes stored: the second server runs the Worker under bench/d1-meter-worker.mjs, the app's entry
unchanged with every D1 statement metered: D1 returns \`meta.rows_written\` (index and trigger writes included, what D1
bills) and \`meta.size_after\` with every result, and the meter sums them over every statement of every D1 binding
(also \`first()\` and \`raw()\`, whose metadata the binding otherwise drops), in the Worker and its Durable Objects alike.
${SIZES.lifecycles.carts} lifecycles run together: signed \`checkouts/create\` then \`checkouts/update\` webhooks, the default plan's five steps
(a popup and four emails, compressed to seconds), Resend's signed webhooks (\`email.delivered\` for every email,
\`email.opened\` and \`email.clicked\` for each shopper's last), and \`orders/create\` naming the checkout token, which
recovers the sequence; each phase is read once its work is done and the counter has been still (queues drained).
Rows written per lifecycle = the counter's growth ÷ lifecycles. Bytes stored: D1's growth in \`size_after\` ÷ lifecycles;
the store's row values by table (sum of the values' lengths); the Durable Objects the lifecycles created, as SQLite
pages in use (page_count − freelist_count) × page_size of their files once the server has stopped.
`;
  const intro = "# Benchmark results\n\n`npm run bench` rewrites the \"Latest run\" section below; anything outside it is kept.\n\n";
  const current = existsSync(file) ? readFileSync(file, "utf8") : intro;
  const start = current.search(/^## Latest run$/m);
  let next;
  if (start === -1) next = `${current.trimEnd()}\n\n${section}`;
  else {
    const after = current.slice(start + 1).search(/^## /m);
    const end = after === -1 ? current.length : start + 1 + after;
    next = `${current.slice(0, start)}${section}${end < current.length ? `\n${current.slice(end)}` : ""}`;
  }
  writeFileSync(file, next);
}

// `npm run bench`: the numbers of SPEC §9, measured against `wrangler dev` on 127.0.0.1 with a
// throwaway local state, printed as one markdown table and written to bench/RESULTS.md.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
import { measureDashboardInitialJs, measureWidgetSize } from "./sizes.mjs";
import { startFakeGa4 } from "../test/fakes/ga4-server.mjs";
import { startFakeKlaviyo } from "../test/fakes/klaviyo-server.mjs";
import { startFakeResend } from "../test/fakes/resend-server.mjs";

const PORT = 8791; // not 8787, so a running `npm start` is neither measured nor disturbed
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
    rows.push({ name: key, value: `error: ${String(error.message ?? error).slice(0, 120)}`, target: "—", pass: false });
  }
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
const startServer = async () => {
  await assertPortFree(PORT);
  server = await startDevServer({
    port: PORT,
    persistTo: persistDir,
    quiet: true,
    vars: {
      REVA_ENV: "development",
      RESEND_API_KEY: FAKE_RESEND_KEY,
      RESEND_BASE_URL: fakeResend.url,
      KLAVIYO_BASE_URL: fakeKlaviyo.url,
      GA4_BASE_URL: fakeGa4.url,
    },
  });
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
  progress("building the widget and the dashboard");
  // buildFrontends(), with vite's output sent to stderr so that stdout stays one table.
  run("npm", ["run", "build", "--silent"], { stdio: ["ignore", 2, 2] });
  await measure("widget size", async () => ({ rows: measureWidgetSize(publicDir), detail: null }));
  await measure("dashboard size", async () => ({ rows: [measureDashboardInitialJs(publicDir)], detail: null }));

  mkdirSync(persistDir, { recursive: true });
  applyLocalMigrations(persistDir);
  progress(`starting wrangler dev on 127.0.0.1:${PORT}`);
  await startServer();
  let analyticsStores = null;
  try {
    progress("cart ingest vs /healthz");
    await measure("ingest", () => measureIngest(server.origin));
    progress("step lateness: 1,000 active carts on 5 s delays");
    await measure("lateness (popup)", () => measureAlarmLateness(server.origin));
    progress("step lateness: 1,000 idle carts all due at one instant");
    await measure("lateness (burst)", () => measureAlarmLateness(server.origin, { mode: "burst" }));
    progress("email throughput: 1,000 emails due at once, fake Resend at 2 req/s");
    await measure("email throughput", () => measureEmailThroughput(server.origin, fakeResend));
    progress("coordinator decisions with Klaviyo: 1,000 email steps due at once, fake Klaviyo at its documented limits");
    await measure("klaviyo decisions", () => measureKlaviyoDecisions(server.origin, fakeKlaviyo, fakeResend));
    progress("GA4 batching: 200 recovery emails at once, events per /mp/collect request");
    await measure("ga4 batching", () => measureGa4Batching(server.origin, fakeGa4, fakeResend));
    analyticsStores = await createAnalyticsStores(server.origin).catch((error) => {
      progress(`creating the analytics stores failed: ${error}`);
      return null;
    });
  } finally {
    await stopServer();
  }

  // Seeding writes the SQLite file directly, so no dev server may hold it meanwhile.
  progress("seeding 1k and 100k sequences into the local D1");
  await measure("analytics rows", async () => {
    if (!analyticsStores) throw new Error("the analytics stores could not be created");
    seedSequences(persistDir, analyticsStores);
    progress("restarting wrangler dev for the analytics calls");
    await startServer();
    try {
      return await measureAnalyticsRows(server.origin, analyticsStores);
    } finally {
      await stopServer();
    }
  });
} finally {
  await stopServer();
  await fakeResend.close();
  await fakeKlaviyo.close();
  await fakeGa4.close();
  rmSync(persistDir, { recursive: true, force: true });
}

const seconds = Math.round((Date.now() - began) / 1000);
const table = renderTable(rows);
console.log(table);
writeResults(table, seconds);
progress(`done in ${seconds} s; bench/RESULTS.md updated`);
if (rows.some((row) => row.pass === false)) process.exitCode = 1;

function renderTable(list) {
  const cell = (s) => String(s).replace(/\|/g, "\\|");
  const lines = ["| # | Measurement | Value | Target | Result |", "| - | - | - | - | - |"];
  list.forEach((row, i) => {
    const result = row.pass === null ? "—" : row.pass ? "pass" : "**FAIL**";
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
  } = details;
  if (ingest) {
    for (const [label, r] of [["/healthz", ingest.healthz], ["POST /api/v1/carts", ingest.ingest]]) {
      lines.push(
        `- ${label}: ${Math.round(r.rps)} req/s, ${r.total} requests (status ${JSON.stringify(r.statuses)}); latency p50 ${ms(r.latency.p50)}, p90 ${ms(r.latency.p90)}, p99 ${ms(r.latency.p99)}, max ${ms(r.latency.max)}`,
      );
    }
  }
  for (const l of [popup, burst].filter(Boolean)) {
    lines.push(
      `- popup step${l.burst ? ", burst" : ""}: 1,000 carts posted in ${l.postSeconds.toFixed(1)} s (20 in flight); lateness min ${ms(l.min)}, p50 ${ms(l.p50)}, p90 ${ms(l.p90)}, p99 ${ms(l.p99)}, max ${ms(l.max)}; ${l.executed}/${l.seen} ran; step statuses ${JSON.stringify(l.stepStatuses)}`,
    );
  }
  if (email) {
    lines.push(`- email throughput: ${email.sent} emails in ${email.seconds.toFixed(1)} s after they fell due (${email.perSecond.toFixed(0)}/s), ${email.requests} requests to the fake Resend`);
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
process) and the server share the same cores. Sizes are the built files gzipped with zlib level 9; the dashboard's
initial JS is the module script plus modulepreloads named in \`index.html\`. Ingest: 2 s warm-up each, then 8 s of
\`/healthz\` and 8 s of \`POST /api/v1/carts\` at 10 connections, interleaved as two rounds of 4 s each so that a change
in background load hits both; every cart has a new token (a new Durable Object) and 1–4 items; the ratio is what
matters, the raw req/s depend on the machine. Lateness: a store whose plan is a popup step 5 s after abandonment and an
email an hour later (so all 1,000 sequences stay active); 1,000 carts posted 20 at a time, each abandoned as it is
posted, so each step falls due 5 s after its cart arrived; the list API is then polled (≤ 60 s) and lateness is
\`executed_at − scheduled_at\` of the first step, both set by the cart's Durable Object. The burst row (information)
gives all 1,000 carts one abandonment time 40 s ahead, so every object has gone idle and all alarms fall due at once. Email throughput: the same shape with
one email step, against a fake Resend on loopback (test/fakes/resend-server.mjs) that answers 429 above 2 requests/s;
the target row is the send queue's pace once busy (emails of the batches after the first ÷ time from the first accepted
batch to the last); end to end (from the due moment to the last accepted batch) is information. Klaviyo decisions: the
same shape (1,000 shoppers, one email step, all due at one instant, same fake Resend) for a store connected to a fake
Klaviyo (test/fakes/klaviyo-server.mjs) at its default per-account, per-endpoint limits, taken from Klaviyo's API
reference (Get Profiles 75/s and 750/min, Get Events and Create Event 350/s and 3,500/min each, Get Metrics 10/s and
150/min); Klaviyo knows every shopper, and
every tenth had Klaviyo's own abandoned-cart email 2 h earlier (policy \`skip\`, look-back 24 h). A step is decided when
it is sent (Resend took it), skipped, failed or deferred; decisions/s is 1,000 ÷ (last decision's timeline time − the
due moment). 429s are the fake's own records of its answers to the store's key; "unchecked" counts sequences with an
\`integration_unavailable\` note (sent without Klaviyo's check). GA4 batching: 200 shoppers (no \`_ga\` cookie, so each is
its own client id) get their email at one moment, so 200 \`recovery_email_sent\` events reach the analytics fan-out
together; the value is events kept by the fake GA4 ÷ its /mp/collect requests, waited for until every sent email has
its event or 60 s after the last send. Analytics rows: two API-created stores get 1,000 and 100,000
sequences plus their timeline events inserted straight into the local D1 (recursive CTE, spread over the last 30
days, rollups filled by the schema's triggers); one \`GET /api/v1/recovery/analytics\` per store reports
\`x-d1-rows-read\`.
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

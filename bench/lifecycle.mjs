// D1 rows written and bytes stored per cart lifecycle, for the capacity model (docs/scale.md).
// A lifecycle is what one abandoned checkout costs from start to finish: Shopify's
// `checkouts/create` and `checkouts/update` webhooks, the default plan's five steps (a popup and four
// emails, compressed to seconds after the update), Resend's delivery webhooks for the emails (delivered ×4, opened
// and clicked once), and the order (`orders/create`) that recovers it. The Worker runs under
// ./d1-meter-worker.mjs, which sums `meta.rows_written` and keeps `meta.size_after` of every D1
// statement of every D1 binding; each phase is read once the counter has settled (queues drained).
import { createHmac, randomUUID } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { shopifyWebhook } from "./ingest.mjs";
import { createStore, fmtInt, listAllSequences, mapLimit, shopifyCheckout, sleep } from "./lib.mjs";

/** The webhook signing secret the bench's Worker is started with (a `whsec_` and base64, as Resend's). */
export const BENCH_RESEND_WEBHOOK_SECRET = `whsec_${Buffer.from("reva-bench-resend-webhook-secret").toString("base64")}`;

/**
 * The figure before issue 11's changes, measured by `npm run bench` (100 lifecycles) on the Worker
 * of commit 005e14b: the baseline the row must beat.
 */
export const ROWS_WRITTEN_BASELINE = { perLifecycle: 259.4, commit: "005e14b" };
const BASELINE_LIFECYCLES = 100;

/** The default plan's five steps (worker/domain/steps.ts), due `first` s after the update and `gap` s apart. */
const planSteps = (first, gap) => [
  { id: "popup_1h", channel: "popup", delay_seconds: first },
  { id: "email_2h", channel: "email", delay_seconds: first + gap, subject: "You left something in your cart", body: "Hi {{first_name}}, your cart at {{store_name}} is saved." },
  { id: "email_24h", channel: "email", delay_seconds: first + 2 * gap, subject: "Your cart is still waiting", body: "Your {{item_count}} item(s) at {{store_name}} are still in your cart ({{cart_total}})." },
  { id: "email_48h", channel: "email", delay_seconds: first + 3 * gap, subject: "Still thinking it over?", body: "Questions about your order? Reply to this email and {{store_name}} will help." },
  { id: "email_72h", channel: "email", delay_seconds: first + 4 * gap, subject: "Last reminder about your cart", body: "This is our last reminder: your cart at {{store_name}} is ready when you are." },
];

const meter = async (origin) => (await fetch(`${origin}/__bench/d1`)).json();

/**
 * Waits until `done()` holds (bounded by `timeoutMs`), then until the rows-written counter has not
 * moved for `quietMs` (bounded too: work of other stores could keep it moving; `quiet` says so).
 */
async function settle(origin, done, { quietMs = 2000, timeoutMs = 300_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`the lifecycles did not get there within ${timeoutMs / 1000} s (steps, emails or the order still pending)`);
    await sleep(500);
  }
  const quietDeadline = Date.now() + Math.max(30_000, quietMs * 5);
  let last = await meter(origin);
  let since = Date.now();
  while (Date.now() < quietDeadline) {
    await sleep(250);
    const now = await meter(origin);
    if (now.rowsWritten !== last.rowsWritten) since = Date.now();
    last = now;
    if (Date.now() - since >= quietMs) return { ...last, quiet: true };
  }
  return { ...last, quiet: false };
}

function svixHeaders(body) {
  const id = `msg_${randomUUID()}`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const key = Buffer.from(BENCH_RESEND_WEBHOOK_SECRET.replace(/^whsec_/, ""), "base64");
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return { "svix-id": id, "svix-timestamp": timestamp, "svix-signature": `v1,${signature}`, "content-type": "application/json" };
}

async function post(origin, path, { headers, body }) {
  const response = await fetch(`${origin}${path}`, { method: "POST", headers, body });
  if (!response.ok) throw new Error(`POST ${path} → ${response.status} ${await response.text()}`);
}

/** SQLite databases under a namespace directory of the state dir (`v3/do/<ns>/`, `v3/d1/<ns>/`), by path. */
function sqliteFiles(persistDir, kind) {
  const root = join(persistDir, "v3", kind);
  const files = new Map();
  if (!existsSync(root)) return files;
  for (const namespace of readdirSync(root)) {
    for (const name of readdirSync(join(root, namespace))) {
      if (name === "metadata.sqlite" || !name.endsWith(".sqlite")) continue;
      files.set(join(root, namespace, name), { namespace, object: name.replace(/\.sqlite$/, "") });
    }
  }
  return files;
}

export const durableObjectFiles = (persistDir) => sqliteFiles(persistDir, "do");

/** Bytes a SQLite database holds: its pages in use (the write-ahead log included, free pages not). */
function usedBytes(path) {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const pragma = (name) => Object.values(db.prepare(`PRAGMA ${name}`).get())[0];
    return (pragma("page_count") - pragma("freelist_count")) * pragma("page_size");
  } finally {
    db.close();
  }
}

/** Bytes of the Durable Objects that appeared since `before`, per namespace, with how many objects. */
export function newDurableObjectBytes(persistDir, before) {
  const byNamespace = {};
  for (const [path, { namespace }] of durableObjectFiles(persistDir)) {
    if (before.has(path)) continue;
    const entry = (byNamespace[namespace] ??= { bytes: 0, objects: 0 });
    entry.bytes += usedBytes(path);
    entry.objects += 1;
  }
  return byNamespace;
}

/**
 * The lifecycle store's own rows in D1, table by table: the bytes of their values (what the rows
 * carry; indexes and page overhead are in the database's growth, not here), summed over every D1.
 */
export function storeRowBytes(persistDir, storeId) {
  const byTable = {};
  for (const path of sqliteFiles(persistDir, "d1").keys()) {
    const db = new DatabaseSync(path, { readOnly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'").all().map((t) => t.name);
      for (const table of tables) {
        const columns = db.prepare(`PRAGMA table_info("${table}")`).all().map((c) => c.name);
        const scope = columns.includes("store_id") ? "store_id = ?" : table === "stores" ? "id = ?" : null;
        if (!scope) continue;
        const width = columns.map((c) => `COALESCE(LENGTH(CAST("${c}" AS BLOB)), 0)`).join(" + ");
        const { rows, bytes } = db.prepare(`SELECT COUNT(*) AS rows, COALESCE(SUM(${width}), 0) AS bytes FROM "${table}" WHERE ${scope}`).get(storeId);
        if (rows > 0) byTable[table] = { rows: (byTable[table]?.rows ?? 0) + rows, bytes: (byTable[table]?.bytes ?? 0) + bytes };
      }
    } finally {
      db.close();
    }
  }
  return byTable;
}

const sizeOf = (snapshot) => Object.fromEntries(Object.entries(snapshot.byBinding).map(([name, b]) => [name, b.sizeAfter]));

export async function measureLifecycles(origin, fakeResend, persistDir, { carts = 100, concurrency = 10, firstStepSeconds = 8, stepGapSeconds = 2, quietMs = 2000 } = {}) {
  const store = await createStore(origin, "Bench lifecycle", {
    steps: planSteps(firstStepSeconds, stepGapSeconds),
    frequency_cap: { max_emails: 10, per_hours: 1 },
    resend: { requests_per_second: 2 },
  });
  const run = Date.now().toString(36);
  const tokens = Array.from({ length: carts }, (_, i) => `life-${run}-${i}`);
  const doFilesBefore = durableObjectFiles(persistDir);
  const listed = () => listAllSequences(origin, store.secret_key);

  const start = await settle(origin, async () => true, { quietMs });
  // 1. Ingest: the checkout, then its update (one more item) a moment later, both as Shopify sends them.
  const hook = (topic, payload) => post(origin, `/webhooks/shopify/${store.id}`, shopifyWebhook(store.webhook_secret, topic, payload));
  await mapLimit(tokens, concurrency, (token, i) => hook("checkouts/create", shopifyCheckout(token, i)));
  await mapLimit(tokens, concurrency, (token, i) => hook("checkouts/update", shopifyCheckout(token, i, 1)));
  // 2. The five steps run (the emails through the send queue to the fake Resend).
  const mine = () => fakeResend.state.sent.filter((email) => email.store_id === store.id);
  // Done when every step has run and every email step sent has reached the fake Resend. Steps that
  // fall due together are collapsed by the coordinator (only the latest overdue email is sent), so
  // the count of emails comes from the steps, not from the plan.
  const stepsDone = async () => {
    const sequences = await listed();
    const sentEmails = sequences.flatMap((s) => s.steps).filter((st) => st.channel === "email" && st.status === "sent").length;
    return sequences.length === carts && sequences.every((s) => s.steps.every((st) => st.executed_at)) && mine().length >= sentEmails;
  };
  // The ingest phase ends when every sequence exists and the counter is quiet, before the first step falls due.
  const ingested = await settle(origin, async () => (await listed()).length === carts, { quietMs: 1000 });
  const stepped = await settle(origin, stepsDone, { quietMs });
  // 3. Resend's webhooks: each email delivered; the last one opened and clicked.
  const emails = mine();
  const resendEvent = (type, email) => {
    const body = JSON.stringify({
      type,
      created_at: new Date().toISOString(),
      data: { email_id: email.id, to: email.to, subject: email.subject, tags: Object.fromEntries(email.tags.map((t) => [t.name, t.value])), ...(type === "email.clicked" ? { click: { link: "https://shop.example.com/checkouts/x" } } : {}) },
    });
    return post(origin, "/webhooks/resend", { headers: svixHeaders(body), body });
  };
  const last = new Map(emails.map((e) => [e.to[0] ?? e.to, e]));
  const events = [...emails.map((e) => ["email.delivered", e]), ...[...last.values()].flatMap((e) => [["email.opened", e], ["email.clicked", e]])];
  await mapLimit(events, concurrency, ([type, email]) => resendEvent(type, email));
  const delivered = await settle(origin, async () => true, { quietMs });
  // 4. The order, by checkout token, as Shopify's `orders/create` names it.
  await mapLimit(tokens, concurrency, (token, i) =>
    hook("orders/create", { id: 5_000_000 + i, checkout_token: token, cart_token: `c-${token}`, email: `shopper+${token}@example.com`, total_price: "42.00", currency: "USD", financial_status: "paid", created_at: new Date().toISOString() }),
  );
  const ordered = await settle(origin, async () => (await listed()).every((s) => s.status === "recovered"), { quietMs: quietMs + 1000 });

  const written = (a, b) => (b.rowsWritten - a.rowsWritten) / carts;
  const phases = {
    ingest: written(start, ingested),
    steps: written(ingested, stepped),
    deliveryWebhooks: written(stepped, delivered),
    order: written(delivered, ordered),
  };
  const perLifecycle = written(start, ordered);
  const sizeBefore = sizeOf(start);
  const sizeAfter = sizeOf(ordered);
  const d1Bytes = Object.keys(sizeAfter).reduce((sum, name) => sum + ((sizeAfter[name] ?? 0) - (sizeBefore[name] ?? sizeAfter[name] ?? 0)), 0);
  const statements = (ordered.statements - start.statements) / carts;
  const baseline = ROWS_WRITTEN_BASELINE.perLifecycle;
  return {
    rows: [
      {
        id: "rows-written",
        kind: "budget",
        name: "D1 rows written per cart lifecycle (2 checkout webhooks, 5 steps, Resend delivery webhooks, the order)",
        value: `${perLifecycle.toFixed(1)} rows (ingest ${phases.ingest.toFixed(1)}, steps ${phases.steps.toFixed(1)}, delivery webhooks ${phases.deliveryWebhooks.toFixed(1)}, order ${phases.order.toFixed(1)}; ${statements.toFixed(1)} statements; ${carts} lifecycles, ${emails.length} emails${start.quiet && ordered.quiet ? "" : "; the counter never went still at the start or the end: other work may be counted"}${ingested.quiet && stepped.quiet && delivered.quiet ? "" : "; phases overlapped, so the split is approximate"})`,
        target: `< ${baseline} (baseline: commit ${ROWS_WRITTEN_BASELINE.commit}, ${BASELINE_LIFECYCLES} lifecycles)`,
        // Batches amortise differently at other sizes, so only a run of the baseline's size is compared,
        // at the baseline's precision (the same code measures 259.35 to 259.36).
        pass: carts === BASELINE_LIFECYCLES ? Number(perLifecycle.toFixed(1)) < baseline : null,
      },
    ],
    detail: { storeId: store.id, quiet: Object.fromEntries(Object.entries({ start, ingested, stepped, delivered, ordered }).map(([k, v]) => [k, v.quiet])), carts, phases, perLifecycle, statements, d1Bytes, sizeBefore, sizeAfter, bindings: Object.keys(sizeAfter), emails: emails.length, webhookEvents: events.length, doFilesBefore },
  };
}

/** After the server has stopped (its files final): bytes stored per lifecycle, D1 and Durable Objects. */
export function lifecycleBytesRow(persistDir, detail) {
  const objects = newDurableObjectBytes(persistDir, detail.doFilesBefore);
  const tables = storeRowBytes(persistDir, detail.storeId);
  const cartObjects = objects["reva-CartSequence"];
  const ledgers = objects["reva-ShopperLedger"];
  const perCart = (bytes) => fmtInt(bytes / detail.carts);
  const heaviest = Object.entries(tables)
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .slice(0, 4)
    .map(([table, t]) => `${table} ${perCart(t.bytes)} B in ${(t.rows / detail.carts).toFixed(1)} rows`)
    .join(", ");
  const rowBytes = Object.values(tables).reduce((sum, t) => sum + t.bytes, 0);
  return {
    row: {
      id: "bytes-stored",
      kind: "info",
      name: "Bytes stored per cart lifecycle (capacity model)",
      value:
        `D1 ${perCart(detail.d1Bytes)} B (database growth over ${detail.carts} lifecycles; the store's row values ${perCart(rowBytes)} B: ${heaviest}); ` +
        `Durable Objects: CartSequence ${cartObjects ? `${perCart(cartObjects.bytes)} B per cart (${cartObjects.objects} objects)` : "n/a"}, ` +
        `ShopperLedger (one per store) ${ledgers ? `${perCart(ledgers.bytes)} B per cart's shopper (${fmtInt(ledgers.bytes)} B for ${detail.carts} shoppers)` : "n/a"} (SQLite pages in use)`,
      target: "information",
      pass: null,
    },
    detail: { objects, tables, carts: detail.carts },
  };
}

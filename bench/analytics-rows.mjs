// The D1 rows one analytics call reads must not grow with the number of sequences. Two stores get
// 1k and 100k sequences (and their timeline events) written straight into the local D1; the rollup
// triggers of migrations/0001_init.sql fill daily_metrics and status_counts as the app's own
// projection would. The larger store also serves the sequences list row (./sequence-list.mjs), so
// its rows look like the app's own: ids the list accepts as cursors, a five-step plan, a cart.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { api, createStore, fmtInt } from "./lib.mjs";
import { databaseOfStore, executeFile } from "./local-d1.mjs";

/** Stores must come from the API (keys are only ever shown there); call with the server up. */
export async function createAnalyticsStores(origin, sizes) {
  const stores = [];
  for (const [tag, size] of sizes.entries()) stores.push({ size, tag: tag + 1, keys: await createStore(origin, `Bench analytics ${size}`) });
  return stores;
}

/**
 * A seeded sequence's id: `seq_` and 26 Crockford digits like the app's ULIDs, so the list API takes
 * it as a cursor; "00", the store's tag and the number, so ids never collide across stores.
 */
export const seededSequenceId = (tag, i) => `seq_00${tag}${String(i).padStart(23, "0")}`;
const seqIdSql = (tag) => `'seq_00${tag}' || printf('%023d', i)`;

/** A sequence's steps and cart as the cart's Durable Object projects them (five steps, two items). */
export const SEEDED_STEPS = JSON.stringify([
  { id: "popup_1h", channel: "popup", delay_seconds: 3600, status: "sent", scheduled_at: "2026-11-01T11:00:00.000Z", executed_at: "2026-11-01T11:00:00.120Z", reason: "eligible for the on-site popup", queued: false },
  { id: "email_2h", channel: "email", delay_seconds: 7200, status: "sent", scheduled_at: "2026-11-01T12:00:00.000Z", executed_at: "2026-11-01T12:00:01.450Z", reason: "sent", queued: false },
  { id: "email_24h", channel: "email", delay_seconds: 86400, status: "scheduled", scheduled_at: "2026-11-02T10:00:00.000Z", executed_at: null, reason: null, queued: false },
  { id: "email_48h", channel: "email", delay_seconds: 172800, status: "pending", scheduled_at: "2026-11-03T10:00:00.000Z", executed_at: null, reason: null, queued: false },
  { id: "email_72h", channel: "email", delay_seconds: 259200, status: "pending", scheduled_at: "2026-11-04T10:00:00.000Z", executed_at: null, reason: null, queued: false },
]);
const SEEDED_ITEMS = JSON.stringify([
  { id: "tee-organic-m", title: "Organic cotton tee", variant_title: "M / Indigo", price: "28.00", quantity: 2, image_url: "https://cdn.shop.example.com/products/tee-organic-m.jpg", url: "https://shop.example.com/products/tee-organic-m" },
  { id: "mug-stoneware", title: "Stoneware mug", variant_title: "Speckled", price: "18.50", quantity: 1, image_url: "https://cdn.shop.example.com/products/mug-stoneware.jpg", url: "https://shop.example.com/products/mug-stoneware" },
]);

const MAX_ROWS_READ = 300;
const fmtK = (n) => (n >= 1000 ? `${n / 1000}k` : String(n));

const sqlString = (s) => `'${s.replace(/'/g, "''")}'`;

/**
 * Sequence i starts (i % 30) days ago, so every day of the default 30-day range has rows. Which
 * events a sequence has depends on i / 30, not on i % 30, so every event type lands on every day
 * at both sizes: the rollup rows are the same set, only their counts differ.
 */
function seedSql(storeId, size, tag) {
  const store = sqlString(storeId);
  const numbers = `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${size})`;
  const seqId = seqIdSql(tag);
  const startedAt = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (i % 30) || ' days', '-60 seconds')`;
  return `
${numbers}
INSERT INTO sequences (id, store_id, cart_token, status, sequence_type, current_step, customer_email, steps, cart, started_at, stopped_reason, version)
SELECT ${seqId}, ${store}, 'seed-' || i,
  CASE WHEN (i / 30) % 10 = 0 THEN 'recovered' WHEN i % 4 = 0 THEN 'active' ELSE 'completed' END,
  'abandoned_cart', NULL, 'shopper' || i || '@example.com', ${sqlString(SEEDED_STEPS)},
  json_object('token', 'seed-' || i, 'alias_token', NULL, 'customer_email', 'shopper' || i || '@example.com', 'first_name', 'Alex',
              'customer_id', NULL, 'accepts_marketing', json('true'), 'currency', 'USD', 'total_price', '74.50',
              'checkout_url', 'https://shop.example.com/checkouts/seed-' || i, 'items', json(${sqlString(SEEDED_ITEMS)}),
              'visitor_id', NULL, 'ga_client_id', NULL, 'updated_at', ${startedAt}),
  ${startedAt}, NULL, 1
FROM n;
${numbers},
e(k, type, step) AS (VALUES (1, 'sequence_started', NULL), (2, 'popup_shown', 'popup_1h'), (3, 'email_sent', 'email_2h'),
                            (4, 'email_opened', 'email_2h'), (5, 'sequence_recovered', 'email_2h'))
INSERT INTO timeline_events (id, sequence_id, store_id, at, type, step, detail, amount_cents)
SELECT ${seqId} || ':' || printf('%06d', k), ${seqId}, ${store},
  strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (i % 30) || ' days', '-' || (60 - k) || ' seconds'),
  type, step, 'seeded by npm run bench', CASE WHEN k = 5 THEN 4200 END
FROM n, e
WHERE k IN (1, 3) OR (k = 2 AND (i / 30) % 2 = 0) OR (k = 4 AND (i / 30) % 3 = 0) OR (k = 5 AND (i / 30) % 10 = 0);
`;
}

/** Writes the rows with `wrangler d1 execute`, into the store's database; run it while no dev server holds it. */
export function seedSequences(persistDir, stores) {
  // Inside the throwaway persist dir, so the run's cleanup removes them too.
  const dir = join(persistDir, "bench-seed");
  mkdirSync(dir, { recursive: true });
  for (const { size, tag, keys } of stores) {
    const file = join(dir, `seed-${size}.sql`);
    writeFileSync(file, seedSql(keys.id, size, tag));
    executeFile(persistDir, databaseOfStore(persistDir, keys.id), file);
  }
}

export async function measureAnalyticsRows(origin, stores) {
  const reads = [];
  for (const { size, keys } of stores) {
    const { body, headers } = await api(origin, "/api/v1/recovery/analytics", { key: keys.secret_key });
    const rows = Number(headers.get("x-d1-rows-read"));
    if (!Number.isFinite(rows) || headers.get("x-d1-rows-read") === null) throw new Error("analytics answered without x-d1-rows-read");
    // The seed must be what the analytics sees, or the comparison means nothing.
    if (body.total_sequences !== size) throw new Error(`analytics counts ${body.total_sequences} sequences for the ${size} store`);
    reads.push({ size, rows, totalSequences: body.total_sequences, activeSequences: body.active_sequences });
  }
  const [small, large] = reads;
  return {
    rows: [
      {
        id: "analytics-rows",
        kind: "correctness",
        name: `D1 rows read by one analytics call, ${fmtK(small.size)} vs ${fmtK(large.size)} sequences`,
        value: `${fmtInt(small.rows)} vs ${fmtInt(large.rows)}`,
        target: `equal (${fmtK(large.size)} ≤ ${fmtK(small.size)} × 1.1 + 10), ≤ ${MAX_ROWS_READ}`,
        pass: large.rows <= small.rows * 1.1 + 10 && large.rows <= MAX_ROWS_READ && small.rows <= MAX_ROWS_READ,
      },
    ],
    detail: { reads },
  };
}

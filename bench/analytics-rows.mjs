// Row 6: the D1 rows one analytics call reads must not grow with the number of sequences.
// Two stores get 1k and 100k sequences (and their timeline events) written straight into the local
// D1; the rollup triggers of migrations/0001_init.sql fill daily_metrics and status_counts as the
// app's own projection would.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "../scripts/lib/toolchain.mjs";
import { api, createStore, fmtInt } from "./lib.mjs";

export const SIZES = [1_000, 100_000];

/** Stores must come from the API (keys are only ever shown there); call with the server up. */
export async function createAnalyticsStores(origin) {
  const stores = [];
  for (const size of SIZES) stores.push({ size, keys: await createStore(origin, `Bench analytics ${size}`) });
  return stores;
}

const sqlString = (s) => `'${s.replace(/'/g, "''")}'`;

/**
 * Sequence i starts (i % 30) days ago, so every day of the default 30-day range has rows. Which
 * events a sequence has depends on i / 30, not on i % 30, so every event type lands on every day
 * at both sizes: the rollup rows are the same set, only their counts differ.
 */
function seedSql(storeId, size, label) {
  const store = sqlString(storeId);
  const numbers = `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${size})`;
  const seqId = `'seq_bench_${label}_' || printf('%07d', i)`;
  const startedAt = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (i % 30) || ' days', '-60 seconds')`;
  return `
${numbers}
INSERT INTO sequences (id, store_id, cart_token, status, sequence_type, current_step, customer_email, steps, cart, started_at, stopped_reason, version)
SELECT ${seqId}, ${store}, 'seed-' || i,
  CASE WHEN (i / 30) % 10 = 0 THEN 'recovered' WHEN i % 4 = 0 THEN 'active' ELSE 'completed' END,
  'abandoned_cart', NULL, 'shopper' || i || '@example.com', '[]',
  json_object('token', 'seed-' || i, 'customer_email', 'shopper' || i || '@example.com', 'currency', 'USD', 'total_price', '42.00',
              'checkout_url', 'https://shop.example.com/c', 'items', json('[]')),
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

/** Writes the rows with `wrangler d1 execute`; run it while no dev server holds the database. */
export function seedSequences(persistDir, stores) {
  // Inside the throwaway persist dir, so the run's cleanup removes them too.
  const dir = join(persistDir, "bench-seed");
  mkdirSync(dir, { recursive: true });
  for (const { size, keys } of stores) {
    const file = join(dir, `seed-${size}.sql`);
    writeFileSync(file, seedSql(keys.id, size, String(size)));
    run("wrangler", ["d1", "execute", "reva", "--local", "--persist-to", persistDir, "--file", file], { stdio: ["ignore", "ignore", "inherit"] });
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
        name: "D1 rows read by one analytics call, 1k → 100k sequences",
        value: `${fmtInt(small.rows)} → ${fmtInt(large.rows)}`,
        target: "100k ≤ 1k × 1.1 + 10",
        pass: large.rows <= small.rows * 1.1 + 10,
      },
    ],
    detail: { reads },
  };
}

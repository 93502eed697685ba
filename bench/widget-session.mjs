// The widget's session call (`POST /api/v1/widget/session?key=pk_…`, as widget/src/api.ts makes it on
// every storefront page view) for returning visitors whose cart has a popup due, with 10k carts
// stored for the store. The stored carts are written straight into the local D1 (with their
// sequences); the visitors' own carts come through `POST /api/v1/carts` with their visitor id, as
// a storefront sends them (SPEC §5), so their Durable Objects and rows are the app's own.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { api, cartPayload, createStore, fmtInt, mapLimit, percentile } from "./lib.mjs";
import { SEEDED_STEPS } from "./analytics-rows.mjs";
import { databaseOfStore, executeFile } from "./local-d1.mjs";

const TARGET_P95_MS = 20;
/** A tag of its own in the seeded sequence ids (./analytics-rows.mjs uses 1 and 2). */
const SEED_TAG = 9;

/** Phase 1, server up: the store, and the visitors' carts (their popup step falls due a second later). */
export async function prepareWidgetStore(origin, { visitors = 100 } = {}) {
  const keys = await createStore(origin, "Bench widget", {
    steps: [
      { id: "popup_1s", channel: "popup", delay_seconds: 1 },
      { id: "email_1h", channel: "email", delay_seconds: 3600, subject: "Your cart", body: "Still there?" },
    ],
  });
  const run = Date.now().toString(36);
  const carts = Array.from({ length: visitors }, (_, i) => ({ token: `widget-${run}-${i}`, visitor: `bench-visitor-${run}-${i}` }));
  await mapLimit(carts, 10, ({ token, visitor }, i) => api(origin, "/api/v1/carts", { key: keys.secret_key, body: { ...cartPayload(token, i), visitor_id: visitor } }));
  return { keys, carts };
}

/** Phase 2, server down: `stored` more carts (and their sequences) for the same store. */
export function seedWidgetCarts(persistDir, widget, stored) {
  const sqlString = (s) => `'${s.replace(/'/g, "''")}'`;
  const store = sqlString(widget.keys.id);
  const numbers = `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${stored})`;
  const items = `'[{"id":"tee-organic-m","title":"Organic cotton tee","variant_title":"M / Indigo","price":"28.00","quantity":2,"image_url":"https://cdn.shop.example.com/products/tee-organic-m.jpg","url":"https://shop.example.com/products/tee-organic-m"}]'`;
  const updatedAt = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (i % 7200) || ' minutes')`;
  const sql = `
${numbers}
INSERT INTO carts (store_id, cart_token, alias_token, email, customer_id, accepts_marketing, currency, total_price, checkout_url, items, visitor_id, ga_client_id, updated_at)
SELECT ${store}, 'wseed-' || i, 'wseed-alias-' || i, 'wshopper' || i || '@example.com', NULL, 1, 'USD', '56.00',
  'https://shop.example.com/checkouts/wseed-' || i, ${items}, 'wseed-visitor-' || i, NULL, ${updatedAt}
FROM n;
${numbers}
INSERT INTO sequences (id, store_id, cart_token, status, sequence_type, current_step, customer_email, steps, cart, started_at, stopped_reason, version)
SELECT 'seq_00${SEED_TAG}' || printf('%023d', i), ${store}, 'wseed-' || i, CASE WHEN i % 3 = 0 THEN 'active' ELSE 'completed' END,
  'abandoned_cart', NULL, 'wshopper' || i || '@example.com', ${sqlString(SEEDED_STEPS)},
  json_object('token', 'wseed-' || i, 'alias_token', 'wseed-alias-' || i, 'customer_email', 'wshopper' || i || '@example.com', 'first_name', 'Sam',
              'customer_id', NULL, 'accepts_marketing', json('true'), 'currency', 'USD', 'total_price', '56.00',
              'checkout_url', 'https://shop.example.com/checkouts/wseed-' || i, 'items', json(${items}),
              'visitor_id', 'wseed-visitor-' || i, 'ga_client_id', NULL, 'updated_at', ${updatedAt}),
  ${updatedAt}, NULL, 1
FROM n;
`;
  const dir = join(persistDir, "bench-seed");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "seed-widget.sql");
  writeFileSync(file, sql);
  executeFile(persistDir, databaseOfStore(persistDir, widget.keys.id), file);
  widget.stored = stored;
}

/**
 * Phase 3, server up again: each visitor's first page view (unsigned: the Worker vouches for the id
 * the cart was ingested with and signs it), then `calls` more page views with the signed visitor,
 * timed, `concurrency` visitors at a time. Each visitor comes from an address of its own, as
 * shoppers do (the widget's per-address limit is for one address's many shoppers).
 */
export async function measureWidgetSession(origin, widget, { calls = 10, concurrency = 4 } = {}) {
  const session = async (visitorIndex, body) => {
    const started = performance.now();
    const response = await fetch(`${origin}/api/v1/widget/session?key=${encodeURIComponent(widget.keys.publishable_key)}`, {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": `198.51.${Math.floor(visitorIndex / 250)}.${(visitorIndex % 250) + 1}` },
      body: JSON.stringify(body),
    });
    const json = await response.json();
    const ms = performance.now() - started;
    if (!response.ok) throw new Error(`widget session → ${response.status} ${JSON.stringify(json)}`);
    return { ms, json };
  };
  const samples = [];
  let offers = 0;
  await mapLimit(widget.carts, concurrency, async ({ token, visitor }, i) => {
    const first = await session(i, { visitor_id: visitor, cart_token: token });
    const signed = { visitor_id: first.json.visitor_id, visitor_token: first.json.visitor_token, cart_token: token };
    for (let call = 0; call < calls; call++) {
      const { ms, json } = await session(i, signed);
      samples.push(ms);
      if (json.popup?.sequence_id) offers += 1;
    }
  });
  const sorted = samples.sort((a, b) => a - b);
  const p95 = percentile(sorted, 95);
  // Every answer must carry the visitor's popup, or the row timed a shorter path than a returning shopper's.
  const complete = offers === samples.length;
  return {
    rows: [
      {
        id: "widget-session",
        kind: "timing",
        name: `Widget session answer p95 with ${fmtInt(widget.stored + widget.carts.length)} carts stored (returning visitors with a popup due, ${concurrency} at a time)`,
        value: `${Math.round(p95)} ms (p50 ${Math.round(percentile(sorted, 50))} ms, max ${Math.round(sorted.at(-1))} ms; ${samples.length} answers, ${offers} with the popup)`,
        target: `< ${TARGET_P95_MS} ms`,
        pass: complete && p95 < TARGET_P95_MS,
        broken: !complete,
      },
    ],
    detail: { samples: samples.length, offers },
  };
}

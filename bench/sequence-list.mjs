// The dashboard's sequences list with 100k sequences in the store: the first page (what the
// screen opens on) and pages behind a cursor, at random depths (what "Load more" and deep links
// ask for). The store is the large analytics store, seeded by ./analytics-rows.mjs.
import { api, fmtInt, percentile } from "./lib.mjs";
import { seededSequenceId } from "./analytics-rows.mjs";

const TARGET_P95_MS = 50;
/** The dashboard's page size (dashboard/src/screens/sequences.tsx). */
const PAGE_SIZE = 20;

async function timedPage(origin, key, cursor) {
  const started = performance.now();
  const { body } = await api(origin, `/api/v1/recovery/sequences?limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { key });
  const ms = performance.now() - started;
  if (body.data.length !== PAGE_SIZE) throw new Error(`a page of the seeded store had ${body.data.length} sequences, not ${PAGE_SIZE}`);
  return ms;
}

const stats = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) };
};

/** `store` is { size, tag, keys } from createAnalyticsStores, already seeded. */
export async function measureSequenceList(origin, store, { firstPages = 100, cursorPages = 200, warmup = 10 } = {}) {
  const key = store.keys.secret_key;
  // A cursor is the last id of the page before; any seeded id is one, at the depth it sits.
  const randomCursor = () => seededSequenceId(store.tag, 1 + Math.floor(Math.random() * (store.size - PAGE_SIZE - 1)) + PAGE_SIZE);
  for (let i = 0; i < warmup; i++) await timedPage(origin, key, i % 2 ? randomCursor() : null);
  // Alternating, one request at a time (a merchant's browser), so drift hits both kinds alike.
  const first = [];
  const deep = [];
  for (let i = 0; i < Math.max(firstPages, cursorPages); i++) {
    if (i < firstPages) first.push(await timedPage(origin, key, null));
    if (i < cursorPages) deep.push(await timedPage(origin, key, randomCursor()));
  }
  const a = stats(first);
  const b = stats(deep);
  const worst = Math.max(a.p95, b.p95);
  return {
    rows: [
      {
        id: "sequence-list",
        kind: "timing",
        name: `Sequences list page p95 with ${fmtInt(store.size)} sequences in the store (${PAGE_SIZE} a page)`,
        value: `first page ${Math.round(a.p95)} ms, cursor pages ${Math.round(b.p95)} ms (p50 ${Math.round(a.p50)} / ${Math.round(b.p50)} ms; ${a.n} + ${b.n} requests)`,
        target: `< ${TARGET_P95_MS} ms`,
        pass: worst < TARGET_P95_MS,
      },
    ],
    detail: { first: a, cursor: b },
  };
}

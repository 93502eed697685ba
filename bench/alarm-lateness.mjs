// How late a step runs after it falls due, with 1,000 carts' alarms live at once, and with 1,000
// idle carts' alarms all due at the same instant.
import { api, cartPayload, createStore, fmtInt, fmtSec, listAllSequences, mapLimit, percentile, sleep } from "./lib.mjs";

const TARGET_P99_MS = 1_000;

const countBy = (values) => values.reduce((counts, v) => ({ ...counts, [v]: (counts[v] ?? 0) + 1 }), {});


/**
 * 1,000 carts whose plan is a popup step 5 s after abandonment, then an email an hour later, so
 * every sequence stays active. "steady": each cart is abandoned as it is posted, so its step falls
 * due 5 s later, while its Durable Object is still in memory (the target row). "burst": all carts
 * share one abandonment time 40 s ahead, so every object has gone idle and all 1,000 alarms fall
 * due at the same instant. Lateness is executed_at − scheduled_at, both set by the cart's object.
 */
export async function measureAlarmLateness(origin, { mode = "steady", carts = 1000, concurrency = 20, delaySeconds = 5, postingBudgetSeconds = 40, waitSeconds = 60 } = {}) {
  const burst = mode === "burst";
  const steps = [
    { id: "popup_5s", channel: "popup", delay_seconds: delaySeconds },
    { id: "email_1h", channel: "email", delay_seconds: 3600, subject: "Your cart", body: "Still there?" },
  ];
  const store = await createStore(origin, `Bench lateness ${mode}`, { steps });
  const run = Date.now().toString(36);
  const sharedAbandonment = new Date(Date.now() + postingBudgetSeconds * 1000).toISOString();
  const abandonedAt = () => (burst ? sharedAbandonment : new Date().toISOString());

  const postStart = Date.now();
  await mapLimit(
    Array.from({ length: carts }, (_, i) => i),
    concurrency,
    (i) => api(origin, "/api/v1/carts", { key: store.secret_key, body: cartPayload(`late-${run}-${i}`, i, abandonedAt()) }),
  );
  const postSeconds = (Date.now() - postStart) / 1000;
  const allWaiting = !burst || postSeconds < postingBudgetSeconds;

  // Poll until every step has run, bounded in time; keep the last view either way.
  if (burst) await sleep(Math.max(0, Date.parse(sharedAbandonment) + delaySeconds * 1000 - Date.now()));
  const deadline = Date.now() + waitSeconds * 1000;
  let sequences = [];
  let done = 0;
  while (Date.now() < deadline) {
    await sleep(1_000);
    sequences = await listAllSequences(origin, store.secret_key);
    done = sequences.filter((s) => s.steps[0].executed_at).length;
    if (sequences.length === carts && done === carts) break;
  }

  const lateness = sequences
    .map((s) => s.steps[0])
    .filter((st) => st.executed_at && st.scheduled_at)
    .map((st) => Date.parse(st.executed_at) - Date.parse(st.scheduled_at))
    .sort((a, b) => a - b);
  const p50 = percentile(lateness, 50);
  const p99 = percentile(lateness, 99);
  const max = lateness.at(-1);
  const complete = sequences.length === carts && done === carts;
  // Steps still waiting at the deadline are not in the percentiles; the "ran" count shows them.
  return {
    rows: [
      {
        id: burst ? "lateness-burst" : "lateness-active",
        kind: "timing",
        name: burst
          ? `Step alarm lateness p99, ${fmtInt(carts)} idle carts all due at one instant`
          : `Step alarm lateness p99, ${fmtInt(carts)} active carts on ${delaySeconds} s delays`,
        value: `${fmtSec(p99)} (p50 ${fmtSec(p50)}, max ${fmtSec(max)}; ${done}/${carts} ran${allWaiting ? "" : "; posting overran the shared time"})`,
        target: `< ${TARGET_P99_MS / 1000} s, all run`,
        pass: complete && p99 < TARGET_P99_MS,
        // Steps that never ran make the number meaningless; a posting overrun (a loaded machine) is only noted.
        broken: !complete,
      },
    ],
    detail: { burst, carts, postSeconds, executed: done, seen: sequences.length, stepStatuses: countBy(sequences.map((s) => s.steps[0].status)), p50, p90: percentile(lateness, 90), p99, max, min: lateness[0] },
  };
}

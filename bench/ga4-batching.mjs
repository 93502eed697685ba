// GA4 events per Measurement Protocol request on a busy store: 200 carts of 200 shoppers get their
// recovery email at about the same moment, so 200 `recovery_email_sent` events reach the analytics
// fan-out together, and the fake GA4 (test/fakes/ga4-server.mjs) records every /mp/collect request.
import { api, cartPayload, createStore, mapLimit, sleep } from "./lib.mjs";

const TARGET_EVENTS_PER_REQUEST = 20;

async function control(fake, path, body) {
  const response = await fetch(`${fake.url}${path}`, {
    method: body ? "POST" : "GET",
    headers: { "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`fake GA4 ${path} → ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

const countBy = (values) => values.reduce((counts, v) => ({ ...counts, [v]: (counts[v] ?? 0) + 1 }), {});

/**
 * `carts` shoppers (no `_ga` cookie, so each is the stable client id Reva derives from store and
 * address), one email step each, all due at one moment. Waits until GA4 holds an event for every
 * email sent, or `waitSeconds` after the last email went out, then reads what the property got.
 */
export async function measureGa4Batching(origin, fakeGa4, fakeResend, { carts = 200, concurrency = 20, postingBudgetSeconds = 15, waitSeconds = 60 } = {}) {
  const run = Date.now().toString(36);
  const measurementId = `G-BENCH${run.toUpperCase()}`.slice(0, 22);
  const apiSecret = `bench_secret_${run}`;
  await control(fakeGa4, "/__fake/properties", { measurement_id: measurementId, api_secret: apiSecret });

  const step = { id: "email_5s", channel: "email", delay_seconds: 5, subject: "Your cart is waiting", body: "Your cart at {{store_name}} is saved." };
  const store = await createStore(origin, "Bench GA4 batching", {
    steps: [step],
    frequency_cap: { max_emails: 100, per_hours: 1 },
    resend: { requests_per_second: 2 },
    ga4: { measurement_id: measurementId, api_secret: apiSecret },
  });
  const abandonedAt = Date.now() + postingBudgetSeconds * 1000;
  await mapLimit(
    Array.from({ length: carts }, (_, i) => i),
    concurrency,
    (i) => api(origin, "/api/v1/carts", { key: store.secret_key, body: cartPayload(`ga4-${run}-${i}`, i, new Date(abandonedAt).toISOString()) }),
  );
  const dueAt = abandonedAt + step.delay_seconds * 1000;
  await sleep(Math.max(0, dueAt - Date.now()));

  const sentEmails = () => fakeResend.state.sent.filter((email) => email.store_id === store.id).length;
  const received = () => control(fakeGa4, `/__fake/received?measurement_id=${encodeURIComponent(measurementId)}`);
  let lastSentAt = null;
  let got = { requests: [], events: [] };
  for (const deadline = Date.now() + (waitSeconds + 90) * 1000; Date.now() < deadline; ) {
    await sleep(500);
    const sent = sentEmails();
    if (sent >= carts && lastSentAt === null) lastSentAt = Date.now();
    got = await received();
    if (sent >= carts && got.events.length >= sent) break;
    if (lastSentAt !== null && Date.now() - lastSentAt > waitSeconds * 1000) break;
  }

  const collect = got.requests.filter((r) => r.endpoint === "collect");
  const kept = got.events.length;
  const perRequest = collect.length ? kept / collect.length : 0;
  const sizes = collect.map((r) => r.events);
  const browsers = new Set(collect.map((r) => r.client_id)).size;
  const { body: integrations } = await api(origin, "/api/v1/integrations", { key: store.secret_key });
  const ga4 = integrations.ga4 ?? null;
  return {
    rows: [
      {
        id: "ga4",
        kind: "info",
        name: `GA4 events delivered per request on a busy store (${carts} recovery emails to ${carts} shoppers at one moment)`,
        value:
          `${perRequest.toFixed(1)} events/request (${kept} events in ${collect.length} /mp/collect requests from ${browsers} browsers, largest ${Math.max(0, ...sizes)}; ` +
          `${kept}/${sentEmails()} sent emails reached GA4${ga4 ? `, ${ga4.events_waiting} waiting, ${ga4.events_dropped} dropped` : ""})`,
        target: `≥ ${TARGET_EVENTS_PER_REQUEST} of 25`,
        pass: perRequest >= TARGET_EVENTS_PER_REQUEST,
      },
    ],
    detail: {
      carts,
      sent: sentEmails(),
      kept,
      requests: collect.length,
      browsers,
      sizes: countBy(sizes),
      dropped: countBy(collect.map((r) => r.dropped ?? "kept")),
      names: countBy(got.events.map((e) => e.name)),
      ga4,
    },
  };
}

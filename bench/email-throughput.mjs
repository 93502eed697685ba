// Email throughput through the send queue against a fake Resend that allows 2 requests/s
// (SPEC §9). One request per email would cap at 2 emails/s; batching is what the row measures.
import { api, cartPayload, createStore, fmtInt, mapLimit, sleep } from "./lib.mjs";

const TARGET_EMAILS_PER_SECOND = 100;

/**
 * `emails` carts whose single email step falls due at one shared moment. The target row is the
 * send queue's pace once it is busy: the emails of every batch after the first, over the time
 * from the first accepted batch to the last. End to end (from the due moment, so including
 * 1,000 alarms waking idle objects at once) is reported beside it.
 */
export async function measureEmailThroughput(origin, fake, { emails = 1000, concurrency = 20, postingBudgetSeconds = 40, waitSeconds = 90 } = {}) {
  const step = { id: "email_5s", channel: "email", delay_seconds: 5, subject: "Your cart is waiting", body: "Your cart at {{store_name}} is saved." };
  const store = await createStore(origin, "Bench email throughput", {
    steps: [step],
    frequency_cap: { max_emails: 100, per_hours: 1 },
    resend: { requests_per_second: 2 },
  });
  const run = Date.now().toString(36);
  const abandonedAt = Date.now() + postingBudgetSeconds * 1000;
  await mapLimit(
    Array.from({ length: emails }, (_, i) => i),
    concurrency,
    (i) => api(origin, "/api/v1/carts", { key: store.secret_key, body: cartPayload(`mail-${run}-${i}`, i, new Date(abandonedAt).toISOString()) }),
  );
  // Posting must end before the shared moment, or the burst is not one.
  const postedInTime = Date.now() < abandonedAt;
  const dueAt = abandonedAt + step.delay_seconds * 1000;
  await sleep(Math.max(0, dueAt - Date.now()));

  const mine = () => fake.state.sent.filter((email) => email.store_id === store.id);
  const deadline = Date.now() + waitSeconds * 1000;
  while (mine().length < emails && Date.now() < deadline) await sleep(200);

  const sent = mine();
  const requests = fake.state.requests.filter((r) => r.store_id === store.id);
  const accepted = requests.filter((r) => r.outcome === 200);
  const lastAt = Math.max(...accepted.map((r) => r.at));
  const seconds = (lastAt - dueAt) / 1000;
  const firstSeconds = (Math.min(...accepted.map((r) => r.at)) - dueAt) / 1000;
  const perSecond = sent.length / seconds;
  // The send queue's own pace once it is busy: every batch after the first, over the time they took.
  const queueRate = accepted.length > 1 ? accepted.slice(1).reduce((n, r) => n + r.size, 0) / ((lastAt - accepted[0].at) / 1000) : NaN;
  const unique = new Set(sent.map((email) => email.tags.find((t) => t.name === "sequence_id")?.value)).size;
  const complete = sent.length === emails && unique === emails;
  return {
    rows: [
      {
        id: "emails-queue",
        kind: "timing",
        name: `Emails/s through the send queue, fake Resend at 2 req/s (${fmtInt(emails)} emails)`,
        value: `${Math.round(queueRate)} emails/s (${accepted.length} batch requests, ${requests.filter((r) => r.outcome === 429).length} × 429; ${sent.length}/${emails} sent, ${sent.length - unique} duplicates)`,
        target: `≥ ${TARGET_EMAILS_PER_SECOND} emails/s, all sent once`,
        pass: complete && queueRate >= TARGET_EMAILS_PER_SECOND,
        broken: !complete,
      },
      {
        id: "emails-e2e",
        kind: "timing",
        name: `Emails/s end to end from a ${fmtInt(emails)}-cart burst (idle carts' steps due at one instant → accepted by Resend)`,
        value: `${Math.round(perSecond)} emails/s (${seconds.toFixed(1)} s from the due moment to the last accepted batch, the first at ${firstSeconds.toFixed(1)} s${postedInTime ? "" : "; posting overran the due moment"})`,
        target: `≥ ${TARGET_EMAILS_PER_SECOND} emails/s, all sent once`,
        pass: complete && perSecond >= TARGET_EMAILS_PER_SECOND,
        broken: !complete,
      },
    ],
    detail: { sent: sent.length, seconds, firstSeconds, perSecond, queueRate, requests: requests.length },
  };
}

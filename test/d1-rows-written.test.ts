import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { createFastStore, FAST_STEPS, json, postCart, request } from "./helpers/api";
import { useFakeClock } from "./helpers/clock";
import { svixHeaders } from "./helpers/resend";
import { eventually, getSequence, runAlarm, waitForStep } from "./helpers/sequences";

let clock: ReturnType<typeof useFakeClock> | undefined;
let restore: (() => void) | undefined;
afterEach(() => {
  clock?.restore();
  clock = undefined;
  restore?.();
  restore = undefined;
});

type Sent = { meta?: { rows_written?: number } };

/**
 * Counts `meta.rows_written` of every D1 answer in this isolate, the Worker's, its queue
 * consumers' and the Durable Objects' alike (they share the isolate and D1's classes in the
 * Workers test pool, and each object's env.DB cannot be swapped). Every statement, batch, run,
 * all, first and raw goes through the session's `_send`, which returns D1's own results with
 * their meta, so nothing written is missed. What D1 counts is what D1 bills: table rows and
 * index entries, triggers included.
 */
function countRowsWritten() {
  const session = Object.getPrototypeOf((env.DB as unknown as { alwaysPrimarySession: object }).alwaysPrimarySession);
  let owner = session;
  while (owner && !Object.prototype.hasOwnProperty.call(owner, "_send")) owner = Object.getPrototypeOf(owner);
  if (!owner) throw new Error("D1's session has no _send: the runtime's D1 wrapper changed");
  const original = owner._send as (...args: unknown[]) => Promise<Sent | Sent[]>;
  const counter = { rows: 0, statements: 0 };
  owner._send = async function (this: unknown, ...args: unknown[]) {
    const answer = await original.apply(this, args);
    for (const result of Array.isArray(answer) ? answer : [answer]) {
      counter.statements += 1;
      counter.rows += result?.meta?.rows_written ?? 0;
    }
    return answer;
  };
  restore = () => (owner._send = original);
  return counter;
}

async function resendWebhook(type: string, emailId: string) {
  const body = JSON.stringify({
    type,
    created_at: new Date().toISOString(),
    data: { email_id: emailId, from: "x@example.com", to: ["ann@example.com"], subject: "s", created_at: new Date().toISOString() },
  });
  const response = await request("/webhooks/resend", { method: "POST", body, headers: await svixHeaders(body) });
  expect(response.status).toBe(200);
}

/**
 * The D1 rows one cart's whole life writes (issue 11.3): ingest, its five steps (a popup and four
 * emails through the send queue), Resend's delivered webhook for each email, and the order.
 * The budget is what the design needs now; a change that writes more per cart fails here.
 */
describe("D1 rows written per cart lifecycle", () => {
  it("stays within its budget", async () => {
    clock = useFakeClock();
    const store = await createFastStore();
    const counter = countRowsWritten();
    const { payload, sequence } = await postCart(store.secret_key, { updated_at: new Date(clock.start).toISOString() });
    const afterIngest = counter.rows;

    for (const [index, step] of FAST_STEPS.entries()) {
      clock.at((index + 1) * 1000);
      await runAlarm(store.id, payload.cart_token);
      if (step.channel === "email") await waitForStep(store.secret_key, sequence.id, step.id, "sent");
    }
    const afterSteps = counter.rows;

    const { results: sent } = await env.DB.prepare("SELECT provider_id FROM emails WHERE sequence_id = ?").bind(sequence.id).all<{ provider_id: string }>();
    expect(sent).toHaveLength(4);
    for (const { provider_id } of sent) await resendWebhook("email.delivered", provider_id);
    const afterWebhooks = counter.rows;

    const order = await json(request("/api/v1/orders", { method: "POST", key: store.secret_key, json: { order_id: "7001", cart_token: payload.cart_token, total_price: "59.90", currency: "USD" } }));
    expect(order).toMatchObject({ recovered: true });
    await eventually(async () => expect((await getSequence(store.secret_key, sequence.id)).timeline.map((e: { type: string }) => e.type)).toContain("sequence_recovered"));
    const total = counter.rows;

    console.log(
      `D1 rows written per cart lifecycle: ${total} (ingest ${afterIngest}, five steps ${afterSteps - afterIngest}, four webhooks ${afterWebhooks - afterSteps}, order ${total - afterWebhooks}; ${counter.statements} statements)`,
    );
    // 247 before issue 11.2 (each email's alarm and its outcome both rewrote the whole row; every delivery event too).
    expect(total).toBeLessThanOrEqual(215);
  });
});

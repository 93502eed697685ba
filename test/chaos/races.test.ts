import { runInDurableObject } from "cloudflare:test";
import { afterEach, expect, inject, it } from "vitest";
import { createFastStore, FAST_STEPS, json, patchSettings, postCart, request, sequenceStub, type StoreKeys } from "../helpers/api";
import { useFakeClock } from "../helpers/clock";
import { runAlarmCapturingJobs } from "../helpers/queue";
import { failFor, fakeResend, resendTeam, setResendClock, type FakeEmail } from "../helpers/resend";
import { getSequence } from "../helpers/sequences";
import { RaceQueue } from "./race-queue";
import { inFlightSteps, raceViolations, revenueViolations, verdict, type Ack, type PlacedOrder, type SeenEmail, type SequenceView, type Violation } from "./race-verdict";
import { eachLimited, seeded } from "./seeded";

// The race suite (issue 9, "the proof"): many carts with short steps; stops, orders,
// unsubscribes and pauses (resumed later) at seeded random moments around their due steps —
// before the alarm, while the job waits in the queue, while its batch is at Resend with the
// answer held back, after the send, between a failed attempt and its retry — against a fake
// Resend that fails ~30 % of requests (5xx, timeouts, answers lost after acceptance). The test is
// the queue and the clock: each cart's alarm runs when it is due on the faked clock, with its
// jobs captured (the runtime's consumer never sees them), and deliveries happen when the test
// says. Size and seed: `inject("chaos")` (test/fakes/global-setup.ts).

const { carts: CARTS, seed: SEED } = inject("chaos");
const CARTS_PER_STORE = 50;
const TICK_MS = 500;
const STEP_DUE_MS = new Map(FAST_STEPS.map((step) => [step.id, step.delay_seconds * 1000]));
const LAST_STEP_MS = Math.max(...STEP_DUE_MS.values());
const EMAIL_STEP_IDS = FAST_STEPS.filter((step) => step.channel === "email").map((step) => step.id);
/** Where an action lands relative to the step it aims at; the later ones fall between a failed attempt and its retry (backoff 5 s, 10 s…). */
const OFFSETS_MS = [-1000, -500, 0, 0, 500, 1000, 2500, 5500, 10_500];
const PHASES = ["before_alarms", "before_deliveries", "during_delivery", "after_deliveries"] as const;
/** A run that has not settled after this much faked time has left something waiting forever. */
const GIVE_UP_AFTER_MS = 60 * 60_000;

type Phase = (typeof PHASES)[number];
/** A pause is resumed `resumeAt`; the other actions end the sequence's emails. */
type Plan = { kind: Exclude<Ack["kind"], "resume">; step: string; at: number; phase: Phase; done: boolean; resumeAt: number; resumed: boolean };
type RaceCart = { index: number; store: StoreKeys; token: string; sequenceId: string; address: string; cents: number; plan: Plan | null; acks: Ack[] };

let clock: ReturnType<typeof useFakeClock>;
afterEach(() => clock?.restore());

/** When the cart's Durable Object wants its alarm (faked ms), or null: the test runs it then, as the runtime would. */
const alarmOf = (cart: RaceCart) => runInDurableObject(sequenceStub(cart.store.id, cart.token), (_instance, state) => state.storage.getAlarm());

const markNow = async () => (await (await fakeResend("/__fake/mark")).json<{ seq: number }>()).seq;

it(`no email after a stop, order or unsubscribe is acknowledged, none while paused; every other due email exactly once; revenue once per order (${CARTS} carts)`, { timeout: 120_000 + CARTS * 3_000 }, async () => {
  const random = seeded(SEED);
  const began = performance.now();
  clock = useFakeClock();
  const problems: Violation[] = [];

  const stores = await eachLimited(Array.from({ length: Math.ceil(CARTS / CARTS_PER_STORE) }), 4, async () => {
    const store = await createFastStore();
    // The Worker paces itself to the store's rate; the team's limit is not what this suite is about.
    await patchSettings(store.secret_key, { resend: { requests_per_second: 100 } });
    return store;
  });
  const team = await resendTeam({ store_ids: stores.map((s) => s.id), requests_per_second: 1000, now: clock.start });
  await eachLimited(stores, 4, (store, i) => failFor(store.id, { fail_rate: 0.3, fail_kinds: ["5xx", "timeout", "lost", "lost_timeout"], seed: SEED + i }));

  const carts: RaceCart[] = await eachLimited(Array.from({ length: CARTS }, (_, i) => i), 8, async (index) => {
    const store = stores[index % stores.length]!;
    const cents = 1000 + index;
    const address = `racer-${SEED}-${index}@example.com`;
    const { payload, sequence } = await postCart(store.secret_key, { email: address, total_price: (cents / 100).toFixed(2), updated_at: new Date(clock.start).toISOString() });
    let plan: Plan | null = null;
    if (random.chance(0.6)) {
      const step = random.pick(EMAIL_STEP_IDS);
      const at = Math.max(TICK_MS, STEP_DUE_MS.get(step)! + random.pick(OFFSETS_MS));
      const kind = random.pick(["stop", "stop", "order", "order", "unsubscribe", "pause"] as const);
      plan = { kind, step, at, phase: random.pick(PHASES), done: false, resumeAt: at + random.pick([500, 1500, 3000]), resumed: false };
    }
    return { index, store, token: payload.cart_token, sequenceId: sequence.id, address, cents, plan, acks: [] };
  });
  const cartOfSequence = new Map(carts.map((cart) => [cart.sequenceId, cart]));
  const orders: PlacedOrder[] = [];

  /** One action and its acknowledgement(s), with the fake's count of accepted emails around each. */
  async function act(cart: RaceCart, where: string) {
    const plan = cart.plan!;
    plan.done = true;
    const tell = async (kind: Ack["kind"], send: () => Promise<Response>, read: (body: any) => SequenceView | null = () => null) => {
      const markBefore = await markNow();
      const response = await send();
      const markAfter = await markNow();
      if (response.status !== 200) {
        problems.push({ rule: "action refused", detail: `${cart.sequenceId}: ${kind} answered ${response.status} (${where}): ${await response.text()}` });
        return null;
      }
      // The unsubscribe page is HTML, with no view of the sequence.
      const body = kind === "unsubscribe" ? await response.text() : await response.json<any>();
      const view = read(body);
      // The unsubscribe page can only say how many emails may still arrive, not of which step.
      const anyStep = Array.from({ length: Number(response.headers.get("reva-emails-in-flight") ?? 0) }, () => "*");
      cart.acks.push({ kind, markBefore, markAfter, view, inFlight: [...inFlightSteps(view), ...anyStep], where });
      return body;
    };
    let kind = plan.kind;
    let unsubscribeLink: string | null = null;
    if (kind === "unsubscribe") {
      const { emails } = await (await fakeResend(`/__fake/sent?store_id=${cart.store.id}&to=${encodeURIComponent(cart.address)}`)).json<{ emails: FakeEmail[] }>();
      unsubscribeLink = emails[0] ? (emails[0].headers["List-Unsubscribe"] as string).slice(1, -1) : null;
      // An address with no email yet has no link to unsubscribe with: the merchant stops it instead.
      if (!unsubscribeLink) kind = "stop";
    }
    const command = (name: string, json?: unknown) => () => request(`/api/v1/recovery/sequences/${cart.sequenceId}/${name}`, { method: "POST", key: cart.store.secret_key, json });
    if (kind === "stop") await tell("stop", command("stop", { reason: "race suite" }), (view) => view);
    if (kind === "pause") await tell("pause", command("pause"), (view) => view);
    if (kind === "unsubscribe") {
      const url = new URL(unsubscribeLink!);
      const oneClick = () => request(`${url.pathname}${url.search}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
      await tell("unsubscribe", oneClick);
    }
    if (kind === "order") {
      const order = { order_id: `order-${SEED}-${cart.index}`, cart_token: cart.token, email: cart.address, total_price: (cart.cents / 100).toFixed(2), currency: "USD" };
      // The same order twice at once, as a webhook retry would bring it: it must count once.
      const post = () => request("/api/v1/orders", { method: "POST", key: cart.store.secret_key, json: order });
      const answers = await Promise.all([tell("order", post, (body) => body.sequence), tell("order", post, (body) => body.sequence)]);
      orders.push({ orderId: order.order_id, storeId: cart.store.id, sequenceId: cart.sequenceId, cents: cart.cents, recovered: answers.some((a) => a?.recovered === true) });
    }
  }

  /** Resumes a paused sequence; its alarm (armed for the steps that fell due meanwhile) runs at the next tick. */
  async function resume(cart: RaceCart, t: number) {
    cart.plan!.resumed = true;
    const markBefore = await markNow();
    const response = await request(`/api/v1/recovery/sequences/${cart.sequenceId}/resume`, { method: "POST", key: cart.store.secret_key });
    const markAfter = await markNow();
    if (response.status !== 200) problems.push({ rule: "action refused", detail: `${cart.sequenceId}: resume answered ${response.status}: ${await response.text()}` });
    const view = await response.json<SequenceView>();
    cart.acks.push({ kind: "resume", markBefore, markAfter, view, inFlight: inFlightSteps(view), where: `t=${t} resume` });
  }
  const resumesDue = (t: number) => carts.filter((cart) => cart.plan?.kind === "pause" && cart.plan.done && !cart.plan.resumed && cart.plan.resumeAt <= t);

  const due = (t: number, phase: Phase) => carts.filter((cart) => cart.plan && !cart.plan.done && cart.plan.phase === phase && cart.plan.at <= t);
  const actAll = (list: RaceCart[], where: string) => eachLimited(list, 8, (cart) => act(cart, where));

  const queue = new RaceQueue(random);
  let t = 0;
  let alarms = await eachLimited(carts, 8, alarmOf);
  while (true) {
    clock.at(t);
    await setResendClock(team.team_id, clock.start + t);
    await actAll(due(t, "before_alarms"), `t=${t} before the alarms`);
    const ringing = carts.filter((_, i) => alarms[i] !== null && alarms[i]! <= clock.start + t);
    for (const jobs of await eachLimited(ringing, 8, (cart) => runAlarmCapturingJobs(cart.store.id, cart.token))) {
      for (const job of jobs) queue.add(job, t);
    }
    await actAll(due(t, "before_deliveries"), `t=${t} with jobs queued`);
    await eachLimited(resumesDue(t), 8, (cart) => resume(cart, t));
    const during = due(t, "during_delivery");
    await queue.deliverAll(queue.takeDue(t), t, (messages) => {
      // A cart may have two jobs in one delivery (a retried step and the next one): it acts once.
      const aimed = [...new Set(messages.map((m) => cartOfSequence.get(m.job.sequence_id)))].filter((cart) => cart && during.includes(cart) && !cart.plan!.done) as RaceCart[];
      if (aimed.length === 0) return null;
      for (const cart of aimed) cart.plan!.done = true;
      return {
        stores: [...new Set(aimed.map((cart) => cart.store.id))],
        run: async () => void (await eachLimited(aimed, 8, (cart) => act(cart, `t=${t} while its delivery was at Resend`))),
      };
    });
    await actAll(due(t, "during_delivery"), `t=${t} (no delivery of its job in flight)`);
    await actAll(due(t, "after_deliveries"), `t=${t} after the deliveries`);

    const plansLeft = carts.flatMap((cart) => {
      const plan = cart.plan;
      if (!plan || (plan.done && (plan.kind !== "pause" || plan.resumed))) return [];
      return [plan.done ? plan.resumeAt : plan.at];
    });
    alarms = await eachLimited(carts, 8, alarmOf);
    const alarmsLeft = alarms.flatMap((at) => (at === null ? [] : [at - clock.start]));
    if (t >= LAST_STEP_MS && queue.size === 0 && plansLeft.length === 0 && alarmsLeft.length === 0) break;
    if (t > GIVE_UP_AFTER_MS) {
      problems.push({ rule: "run never settled", detail: `after ${GIVE_UP_AFTER_MS / 60_000} min of faked time ${queue.size} job(s) still retry, ${alarmsLeft.length} alarm(s) still set, ${plansLeft.length} action(s) left` });
      break;
    }
    const next = t < LAST_STEP_MS ? t + TICK_MS : Math.min(...plansLeft, ...alarmsLeft, queue.nextVisibleAt() ?? Number.POSITIVE_INFINITY);
    t = Math.max(t + TICK_MS, Math.ceil(next / TICK_MS) * TICK_MS);
  }

  const finals = new Map(await eachLimited(carts, 8, async (cart) => [cart.sequenceId, await getSequence(cart.store.secret_key, cart.sequenceId).catch(() => null)] as const));
  const emails = (
    await eachLimited(stores, 4, async (store) => (await (await fakeResend(`/__fake/sent?store_id=${store.id}&summary=1`)).json<{ emails: SeenEmail[] }>()).emails)
  ).flat();
  const revenue = new Map(
    await eachLimited(stores, 4, async (store) => [store.id, (await json(request("/api/v1/recovery/analytics", { key: store.secret_key }))).recovered_revenue as number] as const),
  );
  const violations: Violation[] = [
    ...problems,
    ...raceViolations(carts.map((cart) => ({ sequenceId: cart.sequenceId, address: cart.address, acks: cart.acks, final: finals.get(cart.sequenceId) ?? null })), emails),
    ...revenueViolations(orders, finals, revenue),
  ];

  const acted = carts.filter((cart) => cart.acks.length > 0);
  const summary = {
    seed: SEED,
    replay: `CHAOS_SEED=${SEED} CHAOS_CARTS=${CARTS}`,
    carts: CARTS,
    stores: stores.length,
    emails_accepted: emails.length,
    actions: Object.fromEntries(["stop", "order", "unsubscribe", "pause"].map((kind) => [kind, acted.filter((c) => c.acks[0]!.kind === kind).length])),
    actions_while_at_resend: acted.filter((c) => c.acks[0]!.where.includes("at Resend")).length,
    orders_recovered: orders.filter((o) => o.recovered).length,
    queue: queue.stats,
    faked_seconds: t / 1000,
    seconds: Math.round((performance.now() - began) / 1000),
  };
  const found = verdict(violations);
  console.log(`race suite: ${JSON.stringify({ ...summary, violations: found.byRule })}`);
  // Non-vacuous: the run reached Resend's failures, held answers and every kind of action.
  expect(summary.actions_while_at_resend, `seed ${SEED}`).toBeGreaterThan(0);
  expect(queue.stats.retried, `seed ${SEED}`).toBeGreaterThan(0);
  expect({ replay: summary.replay, ...found }).toEqual({ replay: summary.replay, byRule: {}, first: [] });
});

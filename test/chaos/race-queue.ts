import type { EmailJob } from "../../worker/domain/email/email-job";
import { deliver } from "../helpers/queue";
import { heldAt, holdAnswers, releaseHeld } from "../helpers/resend";
import { eventually } from "../helpers/sequences";
import type { Seeded } from "./seeded";

/** Cloudflare Queues hands a consumer at most this many messages per delivery (wrangler.toml). */
const MAX_BATCH = 100;

type Message = { id: string; job: EmailJob; visibleAt: number; attempts: number };

/** Actions to take while a delivery's first request to Resend for one of `stores` waits for its answer. */
export type InFlight = { stores: string[]; run: () => Promise<void> };

/**
 * The send queue as the race suite drives it, in place of the runtime's: the test decides when
 * each message is delivered, on the faked clock. It keeps a retried message out of sight for the
 * delay the consumer asked for, delivers some messages twice at once (Queues delivers at least
 * once), and never dead-letters (the suite checks exactly-once delivery, not the retry limit).
 */
export class RaceQueue {
  private waiting: Message[] = [];
  private counter = 0;
  readonly stats = { deliveries: 0, messages: 0, retried: 0, duplicated: 0 };

  constructor(private readonly random: Seeded) {}

  add(job: EmailJob, now: number) {
    this.waiting.push({ id: `msg-${++this.counter}`, job, visibleAt: now, attempts: 1 });
  }

  get size() {
    return this.waiting.length;
  }

  nextVisibleAt(): number | null {
    return this.waiting.length ? Math.min(...this.waiting.map((m) => m.visibleAt)) : null;
  }

  /** The messages visible at `now`, taken off the queue and cut into deliveries; some go out twice. */
  takeDue(now: number): Message[][] {
    const due = this.random.shuffle(this.waiting.filter((m) => m.visibleAt <= now));
    this.waiting = this.waiting.filter((m) => m.visibleAt > now);
    const deliveries: Message[][] = [];
    for (let i = 0; i < due.length; i += MAX_BATCH) deliveries.push(due.slice(i, i + MAX_BATCH));
    if (deliveries.length > 0) {
      const twice = due.filter(() => this.random.chance(0.05));
      this.stats.duplicated += twice.length;
      for (let i = 0; i < twice.length; i += MAX_BATCH) deliveries.push(twice.slice(i, i + MAX_BATCH));
    }
    return deliveries;
  }

  /**
   * Runs deliveries two at a time, as concurrent consumers would; a message delivered twice is
   * done once either delivery acks it, and otherwise comes back once, after the longest delay asked.
   */
  async deliverAll(deliveries: Message[][], now: number, inFlight: (messages: Message[]) => InFlight | null) {
    const retries = new Map<string, { message: Message; delaySeconds: number }>();
    const done = new Set<string>();
    for (let i = 0; i < deliveries.length; i += 2) {
      await Promise.all(
        deliveries.slice(i, i + 2).map(async (messages) => {
          const outcome = await this.deliverOne(messages, inFlight(messages));
          messages.forEach((message, index) => {
            const delaySeconds = outcome(index);
            if (delaySeconds === null) done.add(message.id);
            else retries.set(message.id, { message, delaySeconds: Math.max(delaySeconds, retries.get(message.id)?.delaySeconds ?? 0) });
          });
        }),
      );
    }
    for (const [id, { message, delaySeconds }] of retries) {
      if (done.has(id)) continue;
      this.stats.retried += 1;
      this.waiting.push({ ...message, visibleAt: now + delaySeconds * 1000, attempts: message.attempts + 1 });
    }
  }

  /** One delivery through the Worker's queue handler; returns each message's retry delay, or null once acked. */
  private async deliverOne(messages: Message[], inFlight: InFlight | null): Promise<(index: number) => number | null> {
    this.stats.deliveries += 1;
    this.stats.messages += messages.length;
    const attempts = Math.max(...messages.map((m) => m.attempts));
    if (inFlight) for (const store of inFlight.stores) await holdAnswers(store, true);
    let settled = false;
    const running = deliver(messages.map((m) => m.job), { attempts }).finally(() => (settled = true));
    if (inFlight) {
      try {
        // The actions go in once one request is at Resend with its answer held back, or once the
        // delivery ended without one (its jobs were refused, or their requests failed first).
        await eventually(async () => {
          if (settled) return;
          const held = await Promise.all(inFlight.stores.map((store) => heldAt(store)));
          if (!held.some((n) => n > 0)) throw new Error("no request held yet");
        }, 60_000);
        await inFlight.run();
      } finally {
        for (const store of inFlight.stores) {
          await holdAnswers(store, false);
          await releaseHeld(store);
        }
      }
    }
    const result = await running;
    if (result.retryBatch.retry) return () => result.retryBatch.delaySeconds ?? 0;
    const delays = new Map(result.retryMessages.map((r) => [r.msgId, r.delaySeconds ?? 0]));
    // deliver() names its messages m-<index>-<uuid>.
    return (index) => {
      const id = [...delays.keys()].find((key) => key.startsWith(`m-${index}-`));
      return id === undefined ? null : delays.get(id)!;
    };
  }
}

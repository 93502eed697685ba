import { createExecutionContext, createMessageBatch, env, getQueueResult, runInDurableObject } from "cloudflare:test";
import worker from "../../worker/index";
import type { EmailJob } from "../../worker/domain/email/email-job";
import { sequenceStub } from "./api";

/**
 * Hands messages straight to the Worker's queue handler, as a (re)delivery from the queue would,
 * and returns which were acked and which retried. `envOverrides` stands in for a changed config.
 */
export async function deliver(
  jobs: unknown[],
  options: { attempts?: number; queue?: string; envOverrides?: Record<string, unknown> } = {},
) {
  const messages = jobs.map((body, i) => ({ id: `m-${i}-${crypto.randomUUID()}`, timestamp: new Date(), attempts: options.attempts ?? 1, body }));
  const batch = createMessageBatch(options.queue ?? "reva-email", messages);
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...options.envOverrides }, ctx);
  return getQueueResult(batch, ctx);
}

/**
 * Runs the cart's alarm (at the faked time) with its hand-off to the send queue captured: the jobs
 * come back to the test and never reach the queue, so the runtime's own consumer cannot deliver
 * them and the test's `deliver()` is the only delivery. Tests that want the runtime's consumer use
 * `runAlarm` (helpers/sequences) instead; no test drives both paths.
 */
export async function runAlarmCapturingJobs(storeId: string, cartToken: string): Promise<EmailJob[]> {
  const jobs: EmailJob[] = [];
  // The object's private `effects` is swapped for the call; typed loosely on purpose.
  const stub: DurableObjectStub = sequenceStub(storeId, cartToken);
  await runInDurableObject<DurableObject, void>(stub, async (object) => {
    const instance = object as unknown as { effects: { enqueueEmail(job: EmailJob): Promise<void> }; alarm(): Promise<void> };
    const effects = instance.effects;
    instance.effects = { ...effects, enqueueEmail: async (job: EmailJob) => void jobs.push(job) };
    try {
      await instance.alarm();
    } finally {
      instance.effects = effects;
    }
  });
  return jobs;
}

/**
 * A D1 binding that records how many parameters each statement binds (D1 refuses more than 100 in
 * production; local D1 does not), for a delivery to run against through `envOverrides: { DB }`.
 */
export function countingD1(db: D1Database) {
  const statements: { sql: string; params: number }[] = [];
  const prepare = (query: string) => {
    const statement = db.prepare(query);
    const bind = statement.bind.bind(statement);
    statement.bind = (...values: unknown[]) => {
      statements.push({ sql: query, params: values.length });
      return bind(...values);
    };
    return statement;
  };
  const counting = new Proxy(db, {
    get: (target, name) => (name === "prepare" ? prepare : Reflect.get(target, name, target)?.bind?.(target) ?? Reflect.get(target, name, target)),
  });
  return { db: counting, statements };
}

/**
 * A D1 binding whose batches that write timeline events fail: a consumer that dies after its
 * cart objects took their changes, before it projected what they handed back (see
 * services/sequence-projections). Everything else reaches the real database.
 */
export function d1FailingProjections(db: D1Database) {
  const projecting = new WeakSet<object>();
  const prepare = (query: string) => {
    const statement = db.prepare(query);
    if (/insert into "?timeline_events"?/i.test(query)) projecting.add(statement);
    const bind = statement.bind.bind(statement);
    statement.bind = (...values: unknown[]) => {
      const bound = bind(...values);
      if (projecting.has(statement)) projecting.add(bound);
      return bound;
    };
    return statement;
  };
  const batch = async (statements: D1PreparedStatement[]) => {
    if (statements.some((s) => projecting.has(s))) throw new Error("D1 unavailable (test)");
    return db.batch(statements);
  };
  return new Proxy(db, {
    get: (target, name) => (name === "prepare" ? prepare : name === "batch" ? batch : Reflect.get(target, name, target)?.bind?.(target) ?? Reflect.get(target, name, target)),
  });
}

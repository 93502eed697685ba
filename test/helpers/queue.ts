import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import worker from "../../worker/index";

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

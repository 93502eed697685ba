import { analyticsMessageSchema } from "../domain/analytics-message";
import { retryDelaySeconds } from "../domain/retry";
import { fanOutAnalytics, type AnalyticsDelivery } from "../services/analytics-fanout";
import { serviceContext } from "../services/context";
import { keepDeadLetter } from "../services/dead-letters";

/** Hands the timeline events to the fan-out, then acks or retries each message as it says. */
export async function consumeAnalyticsBatch(batch: MessageBatch<unknown>, env: Env) {
  const ctx = serviceContext(env);
  const valid: { queued: Message<unknown>; delivery: AnalyticsDelivery }[] = [];
  for (const queued of batch.messages) {
    const message = analyticsMessageSchema.safeParse(queued.body);
    if (message.success) valid.push({ queued, delivery: { message: message.data, attempts: queued.attempts } });
    else {
      await keepDeadLetter(ctx, { queue: batch.queue, message: queued });
      queued.ack();
    }
  }
  if (valid.length === 0) return;
  try {
    const outcomes = await fanOutAnalytics(ctx, valid.map((v) => v.delivery));
    outcomes.forEach((outcome, i) => {
      const { queued } = valid[i]!;
      if (outcome.kind === "done") queued.ack();
      else queued.retry({ delaySeconds: outcome.delaySeconds });
    });
  } catch (error) {
    console.error("analytics batch failed; retrying every message", error);
    for (const { queued } of valid) queued.retry({ delaySeconds: retryDelaySeconds(queued.attempts) });
  }
}

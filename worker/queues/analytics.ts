import { analyticsMessageSchema } from "../domain/analytics-message";
import { fanOutAnalytics } from "../services/analytics-fanout";
import { consumeBatch } from "./consume";

/** The analytics queue: a delivery's timeline events go to the store's GA4 and Klaviyo. */
export const consumeAnalyticsBatch = (batch: MessageBatch<unknown>, env: Env) =>
  consumeBatch(batch, env, analyticsMessageSchema, (ctx, received) => fanOutAnalytics(ctx, received.map((r) => ({ message: r.body, attempts: r.attempts }))));

import { ingestMessageSchema } from "../domain/ingest-message";
import { applyIngestBatch } from "../services/ingest";
import { consumeBatch } from "./consume";

/** The ingest queue: verified webhooks go to their carts' Durable Objects, a delivery at a time. */
export const consumeIngestBatch = (batch: MessageBatch<unknown>, env: Env) =>
  consumeBatch(batch, env, ingestMessageSchema, (ctx, received) => applyIngestBatch(ctx, received.map((r) => ({ message: r.body, attempts: r.attempts }))));

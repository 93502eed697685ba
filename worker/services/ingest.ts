import { cachedStoreById } from "../db/store-cache";
import type { SequenceProjection } from "../db/sequence-projection";
import { markReceiptsApplied } from "../db/webhook-receipts";
import { cartKey, type IngestMessage } from "../domain/ingest-message";
import { retryDelaySeconds, type MessageOutcome } from "../domain/retry";
import { utf8 } from "../security/encoding";
import { ingestCart, ingestQueuedCart } from "./carts";
import { forStore, type ServiceContext, type StoreContext } from "./context";
import { placeOrder, recordRefund } from "./orders";
import { projectHandedBack } from "./sequence-projections";

/** Queues refuse a message over 128 KB; the margin is for the envelope. */
const MAX_MESSAGE_BYTES = 120_000;

/**
 * Hands a verified webhook to the ingest queue, so its request can be answered at once. A message
 * too large for the queue (a checkout of hundreds of long-titled items) is applied now instead,
 * as every webhook was before the queue.
 */
export async function queueIngest(ctx: StoreContext, message: IngestMessage) {
  if (utf8(JSON.stringify(message)).byteLength > MAX_MESSAGE_BYTES) {
    await applyIngestMessage(ctx, message);
    await markReceiptsApplied(ctx.db, [receiptOf(message)], new Date().toISOString());
    return;
  }
  await ctx.env.INGEST_QUEUE.send(message, { contentType: "json" });
}

const receiptOf = (m: IngestMessage) => ({ storeId: m.store_id, webhookId: m.webhook_id, receivedAt: m.received_at });

/**
 * Applies a delivery of the ingest queue. Each message's effect is idempotent (a checkout older
 * than the cart held is ignored, an order or refund counts once), so a redelivery changes
 * nothing; a message that fails is retried with backoff on its own. Messages about one cart run
 * in the order they came, carts in parallel; refunds last, after the orders they may refer to.
 * The carts' objects hand their projections back, written together (see projectHandedBack).
 */
export async function applyIngestBatch(ctx: ServiceContext, deliveries: { message: IngestMessage; attempts: number }[]): Promise<MessageOutcome[]> {
  const outcomes: MessageOutcome[] = [];
  const projections: { index: number; projection: SequenceProjection }[] = [];
  const apply = async (i: number) => {
    const { message, attempts } = deliveries[i]!;
    try {
      const store = await cachedStoreById(ctx.db, message.store_id);
      if (!store) console.warn("ingest: the store is gone; dropping its webhook", message.store_id, message.webhook_id);
      else if (message.kind === "cart") {
        const projection = await ingestQueuedCart({ env: ctx.env, store }, { cart: message.cart, origin: message.origin });
        if (projection) projections.push({ index: i, projection });
      } else await applyIngestMessage(forStore(ctx, { ...store, shard: ctx.shard }), message);
      outcomes[i] = { kind: "done" };
    } catch (error) {
      console.error("ingest: applying a webhook failed; retrying it", message.store_id, message.webhook_id, error);
      outcomes[i] = { kind: "retry", delaySeconds: retryDelaySeconds(attempts) };
    }
  };
  const lanes = new Map<string, number[]>();
  const refunds: number[] = [];
  deliveries.forEach(({ message }, i) => {
    const key = cartKey(message);
    if (key === null) refunds.push(i);
    else lanes.set(key, [...(lanes.get(key) ?? []), i]);
  });
  await Promise.all([...lanes.values()].map(async (lane) => {
    for (const i of lane) await apply(i);
  }));
  await Promise.all(refunds.map(apply));
  try {
    await projectHandedBack(ctx, projections.map((p) => p.projection));
  } catch (error) {
    // The objects hold their new state; retried, they hand the same events back.
    console.error("ingest: projecting the delivery's carts failed; retrying them", error);
    for (const { index } of projections) outcomes[index] = { kind: "retry", delaySeconds: retryDelaySeconds(deliveries[index]!.attempts) };
  }
  const applied = deliveries.filter((_, i) => outcomes[i]!.kind === "done").map(({ message }) => receiptOf(message));
  await markReceiptsApplied(ctx.db, applied, new Date().toISOString());
  return outcomes;
}

function applyIngestMessage(ctx: StoreContext, message: IngestMessage): Promise<unknown> {
  switch (message.kind) {
    case "cart":
      return ingestCart(ctx, { cart: message.cart, origin: message.origin });
    case "order":
      return placeOrder(ctx, message.order);
    case "refund":
      return recordRefund(ctx, message.refund);
  }
}
